import pytest

from songs.soundtracks import Soundtrack, recognize_soundtrack

ALBUM_TITLES = [
    # Soundtracks, in the ways labels write them.
    ("Hotel Del Luna OST Part.5", Soundtrack("Hotel Del Luna", 5)),
    (
        "HOSPITAL PLAYLIST (Original Television Soundtrack), Pt. 3",
        Soundtrack("HOSPITAL PLAYLIST", 3),
    ),
    (
        "HOSPITAL PLAYLIST Season2 (Original Television Soundtrack), Pt. 8",
        Soundtrack("HOSPITAL PLAYLIST Season2", 8),
    ),
    (
        "Find Me In Your Memory (Original Television Soundtrack) Pt. 1",
        Soundtrack("Find Me In Your Memory", 1),
    ),
    ("Lovely Runner, Pt. 5 (Original Soundtrack)", Soundtrack("Lovely Runner", 5)),
    ("Start Dating (Original Drama Soundtrack, Pt. 2)", Soundtrack("Start Dating", 2)),
    ("Dr. Romantic 2 OST Part.1", Soundtrack("Dr. Romantic 2", 1)),
    (
        "Moonlovers: Scarlet Heart Ryeo (Original Television Soundtrack), Pt 10",
        Soundtrack("Moonlovers: Scarlet Heart Ryeo", 10),
    ),
    ("Crash Landing on You OST Part 11", Soundtrack("Crash Landing on You", 11)),
    ("ITAEWON CLASS (Original Television Soundtrack) Pt. 12", Soundtrack("ITAEWON CLASS", 12)),
    (
        "Should We Kiss First? (Original Television Soundtrack), Pt. 3",
        Soundtrack("Should We Kiss First?", 3),
    ),
    ("Hi Bye Mama (Original Television Soundtrack), Pt. 5", Soundtrack("Hi Bye Mama", 5)),
    (
        "The King: Eternal Monarch (Original Television Soundtrack), Pt. 1",
        Soundtrack("The King: Eternal Monarch", 1),
    ),
    ("Oh My Baby (Original Television Soundtrack) Pt. 5", Soundtrack("Oh My Baby", 5)),
    (
        "Crash Landing on You (Original Television Soundtrack), Pt. 4",
        Soundtrack("Crash Landing on You", 4),
    ),
    ("Goblin OST", Soundtrack("Goblin", None)),
    ("Goblin OST Special", Soundtrack("Goblin", None)),
    ("Parasite (Original Motion Picture Soundtrack)", Soundtrack("Parasite", None)),
    (
        "Twenty-Five Twenty-One (Original Television Soundtrack)",
        Soundtrack("Twenty-Five Twenty-One", None),
    ),
    ("Squid Game (Soundtrack from the Netflix Series)", Soundtrack("Squid Game", None)),
    ("Descendants of the Sun OST Vol.2", Soundtrack("Descendants of the Sun", 2)),
    ("호텔 델루나 OST Part.5", Soundtrack("호텔 델루나", 5)),
    ("슬기로운 의사생활 OST Part 3", Soundtrack("슬기로운 의사생활", 3)),
    ("나의 아저씨 OST", Soundtrack("나의 아저씨", None)),
    # Albums that are not soundtracks.
    ("Palette", None),
    ("Love poem", None),
    ("Like Water - The 1st Mini Album", None),
    ("Purpose - The 2nd Album Repackage", None),
    ("Back In Time (The Moon during the Day X K.will)", None),
    ("Slightly Tipsy (She is My Type♡ X SANDEUL)", None),
    ("Lee Seung Chul 35th Anniversary Album Special 'My Love'", None),
    ("Love Yourself 轉 'Tear'", None),
    ("Jelly box Flower Way", None),
    ("Eternal Sunshine 1/2", None),
    ("HAPPEN", None),
    ("IU 5th Album 'LILAC'", None),
    ("The 1st Mini Album '광화문에서 At Gwanghwamun'", None),
    ("/// (You, Clouds, Rain)", None),
    ("GHOST", None),
    ("Lost", None),
]


@pytest.mark.parametrize(("album_title", "expected"), ALBUM_TITLES)
def test_album_title_is_recognized_as_the_soundtrack_it_is(album_title, expected):
    assert recognize_soundtrack(album_title) == expected
