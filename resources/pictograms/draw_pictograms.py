"""Draws the easy-read pictograms in this folder (PNG, 256 x 256, transparent background).

    python resources/pictograms/draw_pictograms.py

Simple shapes in NHS dark blue with a little NHS blue, drawn four times larger and scaled down
so the edges are smooth. Drawn for CarePlan Desktop and given to the public domain (CC0 1.0,
see LICENCE.txt). Each picture stands for one idea; resources/wording/easy_read.toml says which
picture goes beside which idea. Run again after changing a drawing; the PNGs are committed.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
SIZE = 256
SCALE = 4
INK = (0, 48, 135, 255)  # NHS dark blue
BLUE = (0, 94, 184, 255)  # NHS blue
RED = (218, 41, 28, 255)  # NHS red (a drop of blood)
GREEN = (0, 150, 57, 255)  # NHS green (a tick)
PALE = (232, 237, 238, 255)
WHITE = (255, 255, 255, 255)
W = 14 * SCALE  # line width


def p(*points: float) -> list[tuple[float, float]]:
    """Points given on a 0-100 grid, scaled to the canvas."""
    k = SIZE * SCALE / 100
    return [(points[i] * k, points[i + 1] * k) for i in range(0, len(points), 2)]


def box(x0: float, y0: float, x1: float, y1: float) -> list[float]:
    k = SIZE * SCALE / 100
    return [x0 * k, y0 * k, x1 * k, y1 * k]


def calendar(d: ImageDraw.ImageDraw) -> None:
    d.rounded_rectangle(box(12, 20, 88, 88), radius=24, fill=WHITE, outline=INK, width=W)
    d.rectangle(box(15, 23, 85, 40), fill=BLUE)
    for x in (32, 68):
        d.line(p(x, 10, x, 28), fill=INK, width=W)
    for row in (52, 70):
        for x in (30, 50, 70):
            d.ellipse(box(x - 5, row - 5, x + 5, row + 5), fill=INK)


def clock(d: ImageDraw.ImageDraw) -> None:
    d.ellipse(box(12, 12, 88, 88), fill=WHITE, outline=INK, width=W)
    d.line(p(50, 50, 50, 26), fill=INK, width=W)
    d.line(p(50, 50, 68, 60), fill=BLUE, width=W)
    d.ellipse(box(46, 46, 54, 54), fill=INK)


def person(d: ImageDraw.ImageDraw, x: float = 50, colour=INK, scale: float = 1.0) -> None:
    r = 13 * scale
    d.ellipse(box(x - r, 14, x + r, 14 + 2 * r), fill=colour)
    d.pieslice(box(x - 30 * scale, 44, x + 30 * scale, 104 + 10 * (1 - scale)), 180, 360, fill=colour)


def nurse(d: ImageDraw.ImageDraw) -> None:
    person(d)
    d.rectangle(box(44, 54, 56, 74), fill=WHITE)  # a cross on the uniform
    d.rectangle(box(40, 58, 60, 70), fill=WHITE)
    d.rectangle(box(46, 56, 54, 72), fill=BLUE)
    d.rectangle(box(42, 60, 58, 68), fill=BLUE)


def two_people(d: ImageDraw.ImageDraw) -> None:
    person(d, 32, INK, 0.8)
    person(d, 68, BLUE, 0.8)


def home(d: ImageDraw.ImageDraw) -> None:
    d.polygon(p(50, 10, 92, 48, 8, 48), fill=BLUE)
    d.rectangle(box(20, 46, 80, 88), fill=WHITE, outline=INK, width=W)
    d.rectangle(box(42, 62, 58, 88), fill=INK)


def surgery(d: ImageDraw.ImageDraw) -> None:
    d.rectangle(box(12, 26, 88, 88), fill=WHITE, outline=INK, width=W)
    d.rectangle(box(43, 36, 57, 66), fill=BLUE)
    d.rectangle(box(35, 44, 65, 58), fill=BLUE)
    d.rectangle(box(42, 72, 58, 88), fill=INK)


def phone(d: ImageDraw.ImageDraw) -> None:
    d.rounded_rectangle(box(30, 8, 70, 92), radius=30, fill=WHITE, outline=INK, width=W)
    d.rectangle(box(38, 20, 62, 70), fill=PALE)
    d.ellipse(box(45, 76, 55, 86), fill=INK)


def letter(d: ImageDraw.ImageDraw) -> None:
    d.rectangle(box(10, 24, 90, 80), fill=WHITE, outline=INK, width=W)
    d.line(p(12, 26, 50, 56, 88, 26), fill=BLUE, width=W, joint="curve")


def talk(d: ImageDraw.ImageDraw) -> None:
    d.rounded_rectangle(box(6, 12, 62, 52), radius=40, fill=WHITE, outline=INK, width=W)
    d.polygon(p(16, 48, 14, 64, 30, 50), fill=INK)
    d.rounded_rectangle(box(40, 44, 94, 82), radius=40, fill=BLUE)
    d.polygon(p(82, 78, 86, 94, 70, 80), fill=BLUE)


def blood_sugar(d: ImageDraw.ImageDraw) -> None:
    d.polygon(p(40, 8, 64, 50, 16, 50), fill=RED)
    d.ellipse(box(16, 30, 64, 78), fill=RED)
    d.rectangle(box(58, 56, 88, 86), fill=WHITE, outline=INK, width=W)  # a sugar cube


def heart(d: ImageDraw.ImageDraw) -> None:
    d.ellipse(box(12, 18, 52, 58), fill=RED)
    d.ellipse(box(48, 18, 88, 58), fill=RED)
    d.polygon(p(14, 46, 86, 46, 50, 88), fill=RED)
    d.line(p(18, 50, 36, 50, 44, 36, 54, 62, 62, 46, 82, 46), fill=WHITE, width=W // 2 + 8, joint="curve")


def test_tube(d: ImageDraw.ImageDraw) -> None:
    d.rounded_rectangle(box(36, 8, 64, 92), radius=56, fill=WHITE, outline=INK, width=W)
    d.rounded_rectangle(box(42, 50, 58, 86), radius=30, fill=RED)
    d.line(p(30, 10, 70, 10), fill=INK, width=W)


def kidney(d: ImageDraw.ImageDraw) -> None:
    d.ellipse(box(18, 10, 74, 90), fill=(150, 40, 60, 255))
    d.ellipse(box(56, 38, 84, 62), fill=(0, 0, 0, 0))
    d.line(p(66, 50, 88, 50, 88, 94), fill=INK, width=W)


def sample_pot(d: ImageDraw.ImageDraw) -> None:
    d.rectangle(box(24, 28, 76, 90), fill=WHITE, outline=INK, width=W)
    d.rectangle(box(28, 56, 72, 86), fill=(255, 205, 0, 255))
    d.rectangle(box(18, 12, 82, 28), fill=BLUE)


def scales(d: ImageDraw.ImageDraw) -> None:
    d.rounded_rectangle(box(10, 30, 90, 90), radius=30, fill=WHITE, outline=INK, width=W)
    d.pieslice(box(28, 40, 72, 84), 180, 360, fill=PALE, outline=INK, width=W // 2)
    d.line(p(50, 62, 62, 48), fill=RED, width=W // 2 + 8)


def ruler(d: ImageDraw.ImageDraw) -> None:
    d.rectangle(box(36, 6, 64, 94), fill=WHITE, outline=INK, width=W)
    for y in range(16, 90, 12):
        d.line(p(36, y, 52, y), fill=INK, width=W // 2)


def foot(d: ImageDraw.ImageDraw) -> None:
    d.ellipse(box(26, 30, 70, 94), fill=INK)
    for i, (x, y, r) in enumerate(((32, 14, 8), (46, 10, 7), (58, 12, 6), (68, 18, 5), (74, 28, 5))):
        d.ellipse(box(x - r, y - r, x + r, y + r), fill=INK)


def eye(d: ImageDraw.ImageDraw) -> None:
    d.chord(box(6, 22, 94, 110), 200, 340, fill=WHITE, outline=INK, width=W)
    d.chord(box(6, -10, 94, 78), 20, 160, fill=WHITE, outline=INK, width=W)
    d.ellipse(box(34, 34, 66, 66), fill=BLUE)
    d.ellipse(box(44, 44, 56, 56), fill=INK)


def lungs(d: ImageDraw.ImageDraw) -> None:
    d.line(p(50, 8, 50, 40), fill=INK, width=W)
    d.ellipse(box(12, 24, 46, 92), fill=BLUE)
    d.ellipse(box(54, 24, 88, 92), fill=BLUE)
    d.line(p(50, 38, 34, 52), fill=INK, width=W)
    d.line(p(50, 38, 66, 52), fill=INK, width=W)


def smoking(d: ImageDraw.ImageDraw) -> None:  # a cigarette, neither allowed nor forbidden
    d.rectangle(box(8, 58, 72, 76), fill=WHITE, outline=INK, width=W // 2)
    d.rectangle(box(72, 58, 86, 76), fill=(255, 140, 0, 255))
    d.arc(box(70, 18, 90, 42), 90, 270, fill=BLUE, width=W // 2)
    d.arc(box(70, 2, 90, 26), 270, 90, fill=BLUE, width=W // 2)


def inhaler(d: ImageDraw.ImageDraw) -> None:
    d.rounded_rectangle(box(36, 8, 64, 68), radius=24, fill=BLUE)
    d.rectangle(box(30, 62, 80, 84), fill=INK)


def salt(d: ImageDraw.ImageDraw) -> None:
    d.polygon(p(30, 30, 70, 30, 78, 92, 22, 92), fill=WHITE, outline=INK)
    d.line(p(30, 30, 70, 30, 78, 92, 22, 92, 30, 30), fill=INK, width=W, joint="curve")
    d.pieslice(box(30, 10, 70, 50), 180, 360, fill=INK)
    for x, y in ((42, 20), (50, 16), (58, 20)):
        d.ellipse(box(x - 3, y - 3, x + 3, y + 3), fill=WHITE)


def tick(d: ImageDraw.ImageDraw) -> None:
    d.ellipse(box(8, 8, 92, 92), fill=GREEN)
    d.line(p(28, 52, 44, 68, 74, 34), fill=WHITE, width=W + 8, joint="curve")


def arrow(d: ImageDraw.ImageDraw, up: bool) -> None:
    d.ellipse(box(8, 8, 92, 92), fill=BLUE)
    tip, base = (22, 58) if up else (78, 42)
    d.polygon(p(50, tip, 74, base, 26, base), fill=WHITE)
    d.line(p(50, base, 50, 78 if up else 22), fill=WHITE, width=W + 6)


def question(d: ImageDraw.ImageDraw) -> None:
    d.ellipse(box(8, 8, 92, 92), fill=WHITE, outline=INK, width=W)
    d.arc(box(32, 20, 68, 54), 180, 90, fill=INK, width=W)
    d.line(p(50, 54, 50, 64), fill=INK, width=W)
    d.ellipse(box(44, 70, 56, 82), fill=INK)


def pencil(d: ImageDraw.ImageDraw) -> None:
    d.polygon(p(70, 10, 90, 30, 36, 84, 16, 64), fill=(255, 205, 0, 255), outline=INK)
    d.line(p(70, 10, 90, 30, 36, 84, 16, 64, 70, 10), fill=INK, width=W // 2, joint="curve")
    d.polygon(p(16, 64, 36, 84, 8, 92), fill=INK)


def star(d: ImageDraw.ImageDraw) -> None:  # something new
    points = []
    for i in range(10):
        angle = -math.pi / 2 + i * math.pi / 5
        r = 44 if i % 2 == 0 else 19
        points += [50 + r * math.cos(angle), 52 + r * math.sin(angle)]
    d.polygon(p(*points), fill=(255, 205, 0, 255), outline=INK)


def face(d: ImageDraw.ImageDraw, happy: bool) -> None:
    d.ellipse(box(8, 8, 92, 92), fill=(255, 205, 0, 255), outline=INK, width=W // 2)
    d.ellipse(box(30, 32, 40, 44), fill=INK)
    d.ellipse(box(60, 32, 70, 44), fill=INK)
    if happy:
        d.arc(box(28, 40, 72, 76), 20, 160, fill=INK, width=W)
    else:
        d.arc(box(28, 60, 72, 96), 200, 340, fill=INK, width=W)


def heart_hands(d: ImageDraw.ImageDraw) -> None:  # what matters to me
    d.ellipse(box(18, 14, 52, 48), fill=BLUE)
    d.ellipse(box(48, 14, 82, 48), fill=BLUE)
    d.polygon(p(20, 38, 80, 38, 50, 72), fill=BLUE)
    d.arc(box(6, 40, 94, 100), 20, 160, fill=INK, width=W)


def goal(d: ImageDraw.ImageDraw) -> None:  # a flag on a hill
    d.line(p(36, 10, 36, 84), fill=INK, width=W)
    d.polygon(p(40, 12, 84, 26, 40, 40), fill=BLUE)
    d.pieslice(box(4, 74, 96, 126), 180, 360, fill=GREEN)


def medicine(d: ImageDraw.ImageDraw) -> None:
    d.rounded_rectangle(box(14, 36, 86, 66), radius=60, fill=WHITE, outline=INK, width=W)
    d.rounded_rectangle(box(50, 40, 82, 62), radius=40, fill=BLUE)
    d.line(p(50, 38, 50, 64), fill=INK, width=W // 2)


def unwell(d: ImageDraw.ImageDraw) -> None:  # a thermometer
    d.rounded_rectangle(box(40, 6, 60, 70), radius=40, fill=WHITE, outline=INK, width=W)
    d.ellipse(box(32, 60, 68, 96), fill=RED)
    d.rectangle(box(46, 30, 54, 70), fill=RED)


def equipment(d: ImageDraw.ImageDraw) -> None:  # a walking stick
    d.arc(box(24, 8, 56, 40), 180, 360, fill=INK, width=W)
    d.line(p(56, 24, 56, 92), fill=INK, width=W)


def results(d: ImageDraw.ImageDraw) -> None:  # a clipboard with ticks
    d.rectangle(box(18, 14, 82, 94), fill=WHITE, outline=INK, width=W)
    d.rectangle(box(36, 6, 64, 20), fill=BLUE)
    for y in (40, 62):
        d.line(p(28, y, 34, y + 6, 44, y - 6), fill=GREEN, width=W // 2 + 4, joint="curve")
        d.line(p(52, y, 72, y), fill=INK, width=W // 2)


PICTURES = {
    "calendar": calendar, "clock": clock, "nurse": nurse, "helper": two_people, "home": home,
    "surgery": surgery, "phone": phone, "letter": letter, "talk": talk, "blood_sugar": blood_sugar,
    "heart": heart, "test_tube": test_tube, "kidney": kidney, "sample_pot": sample_pot, "scales": scales,
    "ruler": ruler, "foot": foot, "eye": eye, "lungs": lungs, "smoking": smoking, "inhaler": inhaler,
    "salt": salt, "tick": tick, "arrow_up": lambda d: arrow(d, True), "arrow_down": lambda d: arrow(d, False),
    "question": question, "pencil": pencil, "new": star, "good": lambda d: face(d, True),
    "hard": lambda d: face(d, False), "matters": heart_hands, "goal": goal, "medicine": medicine,
    "unwell": unwell, "equipment": equipment, "results": results,
}


def main() -> None:
    for name, draw in PICTURES.items():
        big = Image.new("RGBA", (SIZE * SCALE, SIZE * SCALE), (0, 0, 0, 0))
        draw(ImageDraw.Draw(big))
        big.resize((SIZE, SIZE), Image.LANCZOS).save(HERE / f"{name}.png", optimize=True)
    print(f"{len(PICTURES)} pictograms drawn in {HERE}")


if __name__ == "__main__":
    main()
