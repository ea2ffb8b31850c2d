"""Hand annotations of the seed articles for the rules extractor, read from the texts.

For each article: direct quotes of three words or more (opening words, speaker as the article
names them, None when the article does not say), numbers (as written, and what they count),
and dates (as written; photo captions yield no facts, so their dates are not listed, and neither
are time stamps standing alone on a line or the dates that sign an embedded tweet: they date the
page or the tweet, not the story). Quotes of
one or two words ('aligned', "battle tested") are left out on purpose: they are scare quotes,
not statements.
"""

SEED_ANNOTATIONS = {
    "000_9bf4b17957272f82": {
        "quotes": [
            ("This all started with an American being killed in Iraq", None),
            ("natural step in these ongoing dialogues", "Psaki"),
            ("This is a shift in mission, not a removal of our partnership", "Psaki"),
        ],
        "numbers": [("about 2,500", "troop"), ("two", "decade")],
        "dates": ["Monday", "2003", "2011", "2017", "by the end of the year", "by the end of 2021"],
    },
    "001_3458ed2ff60c0bff": {
        "quotes": [
            ("No Need for Any Foreign Combat Forces on Iraqi Soil", "PM"),
            # what "US media have speculated" (was None: the attribution was missed when this was written)
            ("crack down on Iran-backed Shiite militias", "US media"),
            ("the Iranians are working seriously to help us build stability", "Khadimi"),
        ],
        "numbers": [
            ("about 2,500", "troop"),
            ("two", "decade"),
            ("two", "country"),
            ("from 5,300 to 2,500", "troop"),
            ("three", "round"),
        ],
        "dates": [
            "January 27, 2016",
            "Monday",
            "by the end of the year",
            "by the end of 2021",
            "later on Monday",
            "Sunday",
            "2014",
            "2003",
            "2017",
            "January 2020",
            "January 6, 2012",
            "26.07.2021",
            "25.07.2021",
        ],
    },
    "002_a2ad9f0aa5f5c21b": {
        "quotes": [
            ("We are moving to a phase not where we are ending our partnership", "Psaki"),
            ("This is a shift in mission; it is not a removal", "Psaki"),
            ("Our role in Iraq will be", "Biden"),
        ],
        "numbers": [("more than 18", "year"), ("2,500", "troop"), ("two", "war")],
        # "June 8, 2021" is the date of a photo in its caption: captions yield no facts
        "dates": ["Monday", "by the end of 2021", "by the end of August", "by the end of the year"],
    },
    "003_70f2c1d17fadd3be": {
        "quotes": [
            ("The relationship between the US and Iraq is entering", "WION"),
            ("Today, I met with Prime Minister Mustafa Al-Kadhimi", "Biden"),
        ],
        "numbers": [("around twenty-five hundred", "troop"), ("seven", "year")],
        "dates": [
            "Monday",
            "within the coming few months",
            "by the end of the year",
            "by the end of this year",
            "31st December 2021",
            "Saturday",
            "April",
            "2015",
            "last week",
            "24th July",
        ],
    },
    "004_83b7ed2dd1efa971": {
        "quotes": [
            ("I think things are going well", "Biden"),
            ("We’ve been talking a lot", "Biden"),
            ("There is no need for any foreign combat forces on Iraqi soil", "Khadimi"),
            ("The war against [the Islamic State]", "Khadimi"),
            ("What we want from the U.S. presence in Iraq", "Khadimi"),
            ("If you look to where we were", "official"),
            ("Nobody is going to declare mission accomplished", "official"),
        ],
        "numbers": [("about 2,500", "troop"), ("about 3,000", "troop")],
        "dates": [  # "Oct. 31, 2018" is the date of a photo in its caption: captions yield no facts
            "Monday",
            "by year’s end",
            "by the end of the year",
            "October",
            "January",
        ],
    },
}
