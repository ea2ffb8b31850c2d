"""The model behind one interface: the OpenAI-compatible client (instructor), the embedded
llama.cpp server, the answer cache, retries and the prompt templates."""
