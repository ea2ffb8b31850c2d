"""The fact tables of articles: the model path (prompt -> instructor -> facts), the rules path,
and the two merged; the same-fact judge the reconciler may ask."""
