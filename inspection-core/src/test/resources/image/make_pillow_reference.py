"""Regenerates pillow_reference.txt (run with Pillow 9.4.0, the version behind the goldens).

Each line: <filter> <mode> <inW> <inH> <outW> <outH> <hex of the resized bytes, interleaved>.
The input is the synthetic pattern that PillowResizeTest builds in Java:
    v(x, y, c) = (x*37 + y*91 + c*53 + ((x*y) % 29) * 7 + (x*x*y) % 11) % 256
"""
import sys
from PIL import Image

CASES = [
    ("BILINEAR", "RGB", 37, 23, 17, 11),   # downscale both axes
    ("BILINEAR", "RGB", 37, 23, 53, 31),   # upscale both axes
    ("BILINEAR", "RGB", 37, 23, 37, 11),   # vertical pass only
    ("BILINEAR", "RGB", 37, 23, 16, 23),   # horizontal pass only
    ("BILINEAR", "RGB", 100, 60, 33, 71),  # down one axis, up the other
    ("BILINEAR", "L", 37, 23, 13, 29),
    ("NEAREST", "L", 37, 23, 17, 11),
    ("NEAREST", "L", 37, 23, 53, 31),
    ("NEAREST", "RGB", 100, 60, 33, 71),
]


def pattern(mode, w, h):
    channels = 3 if mode == "RGB" else 1
    data = bytearray()
    for y in range(h):
        for x in range(w):
            for c in range(channels):
                data.append((x * 37 + y * 91 + c * 53 + ((x * y) % 29) * 7 + (x * x * y) % 11) % 256)
    return Image.frombytes(mode, (w, h), bytes(data))


out = open(sys.argv[1] if len(sys.argv) > 1 else "pillow_reference.txt", "w")
for flt, mode, w, h, ow, oh in CASES:
    img = pattern(mode, w, h).resize((ow, oh), getattr(Image, flt))
    out.write(f"{flt} {mode} {w} {h} {ow} {oh} {img.tobytes().hex()}\n")

# torchvision Resize(50) + CenterCrop(41) on a 120x90 and a 90x120 image (torchvision 0.14 formulas:
# long side int(size * long / short), crop offset int(round((size - crop) / 2.0))).
for w, h in [(120, 90), (90, 120)]:
    short, long_ = min(w, h), max(w, h)
    new_long = int(50 * long_ / short)
    ow, oh = (new_long, 50) if w > h else (50, new_long)
    img = pattern("RGB", w, h).resize((ow, oh), Image.BILINEAR)
    left, top = int(round((ow - 41) / 2.0)), int(round((oh - 41) / 2.0))
    img = img.crop((left, top, left + 41, top + 41))
    out.write(f"CENTERCROP RGB {w} {h} 41 41 {img.tobytes().hex()}\n")
out.close()

# A JPEG (4:2:0, quality 90) written by Pillow and Pillow's own decoding of it, to compare
# javax.imageio's JPEG decoder (IJG libjpeg) with Pillow's (libjpeg-turbo).
pattern("RGB", 40, 24).save("pattern_q90.jpg", quality=90)
with open("pillow_jpeg_reference.txt", "w") as jpeg_out:
    decoded = Image.open("pattern_q90.jpg").convert("RGB")
    jpeg_out.write(f"{decoded.width} {decoded.height} {decoded.tobytes().hex()}\n")
