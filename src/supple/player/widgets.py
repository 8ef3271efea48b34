"""The player's own widgets: the big countdown and the 0-10 pain scale."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

# A 3 x 5 block font: one string per row, "#" lit. Drawn with half blocks, so a pixel is one
# column wide and half a row high: about square in a terminal cell.
GLYPHS: dict[str, tuple[str, ...]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": ("##.", ".#.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", "###", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ":": (".", "#", ".", "#", "."),
}
GLYPH_ROWS = 5
HALF_BLOCKS = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def pixels(value: str) -> list[str]:
    """The value's pixel rows, one column between glyphs."""
    glyphs = [GLYPHS[c] for c in value if c in GLYPHS]
    return [".".join(g[row] for g in glyphs) for row in range(GLYPH_ROWS)]


def block_lines(value: str, scale: int) -> list[str]:
    """The value in solid blocks, each pixel `scale` columns by `scale` half rows."""
    rows = [row for row in pixels(value) for _ in range(scale)]
    if len(rows) % 2:
        rows.append("." * len(rows[0]))
    lines = []
    for top, bottom in zip(rows[::2], rows[1::2], strict=True):
        line = "".join(
            HALF_BLOCKS[(t == "#", b == "#")] * scale for t, b in zip(top, bottom, strict=True)
        )
        lines.append(line)
    return lines


def fit_scale(value: str, width: int, height: int) -> int:
    """The largest scale at which the value fits width x height cells (0: not even at 1)."""
    columns = len(pixels(value)[0]) if value else 0
    if not columns:
        return 0
    return max(0, min(width // columns, (2 * height) // GLYPH_ROWS))


class BigClock(Widget):
    """The countdown in a solid block font, as large as its space allows, centred."""

    DEFAULT_CSS = """
    BigClock {
        width: 1fr;
        height: 1fr;
        min-height: 3;
    }
    """

    value: reactive[str] = reactive("0:00")
    paused: reactive[bool] = reactive(False)

    def __init__(self, value: str = "0:00", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(BigClock.value, value)

    def watch_paused(self, paused: bool) -> None:
        self.set_class(paused, "-paused")

    def update(self, value: str) -> None:
        self.value = value

    def render(self) -> Text:
        width, height = self.content_size
        scale = fit_scale(self.value, width, height)
        if scale == 0:  # too small for the block font: the time as bold text
            return Text(self.value, style="bold", justify="center")
        lines = block_lines(self.value, scale)
        top = max(0, (height - len(lines)) // 2)
        left = " " * max(0, (width - len(lines[0])) // 2)
        return Text("\n" * top + "\n".join(left + line for line in lines))


class PainScale(Widget):
    """0 to 10 on one line, the chosen number picked out."""

    DEFAULT_CSS = """
    PainScale {
        height: 1;
        width: auto;
    }
    """

    value: reactive[int | None] = reactive(None)

    def render(self) -> Text:
        text = Text()
        for n in range(11):
            picked = n == self.value
            text.append(f" {n} ", style="reverse bold" if picked else "")
        return text
