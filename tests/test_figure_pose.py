from pathlib import Path

from supple.figures.render import render
from supple.library.catalog import default_library
from webapp import client


def test_a_figure_can_show_one_pose_still(home: Path) -> None:
    cat_cow = default_library().stretch("cat-cow")
    with client(home) as c:
        cow = c.get("/figures/cat-cow.svg", params={"side": "left", "pose": "Cow"})
        assert cow.status_code == 200
        assert cow.text == render(cat_cow, "left", pose="Cow")
        assert cow.text != render(cat_cow, "left") and "<animate" not in cow.text
        assert c.get("/figures/cat-cow.svg", params={"pose": "Nope"}).status_code == 404
