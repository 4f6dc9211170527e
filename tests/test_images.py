"""images/ is made by code: ``dnn_core.figures`` writes every figure, each file is a real,
well-sized picture, a second run writes the same bytes, and every picture that a notebook or
the README shows exists in the repository."""

import re
from pathlib import Path

import pytest
from notebook_tools import notebook_paths, read
from PIL import Image, ImageChops

from dnn_core import figures
from dnn_core.figures_thumbnails import SIZE

ROOT = Path(__file__).resolve().parent.parent
# the names CONTRIBUTING.md promises, and a thumbnail per chapter for the README's table
PROMISED = [
    "network.png",
    "activation_sigmoid.png",
    "activation_relu.png",
    "activation_leaky_relu.png",
    "activation_tanh.png",
    "gradient_descent.gif",
    "minibatches.png",
    "result.png",
] + [f"thumbnails/{n:02d}.png" for n in range(12)]
GIF_FRAMES = 50  # save_descent_animation's default: steps 0..49


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """Every figure, regenerated once into a fresh folder; (folder, printed lines)."""
    folder = tmp_path_factory.mktemp("images")
    lines = []
    figures.regenerate(folder, report=lines.append)
    return folder, lines


def test_every_promised_figure_is_written(generated):
    folder, lines = generated
    written = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert written == sorted(PROMISED)
    assert sorted(figures.all_figures()) == sorted(PROMISED)
    assert len(lines) == len(PROMISED) and all(" kB " in line for line in lines)


@pytest.mark.parametrize("name", PROMISED)
def test_figure_is_a_well_formed_picture(generated, name):
    path = generated[0] / name
    with Image.open(path) as image:
        image.verify()  # a truncated or corrupt file raises here
    with Image.open(path) as image:
        assert image.format == ("GIF" if name.endswith(".gif") else "PNG")
        if name.startswith("thumbnails/"):
            assert image.size == SIZE
            assert 2_000 < path.stat().st_size < 200_000
        else:
            assert image.width >= 600 and image.height >= 250, image.size
            assert image.width / image.height < 4, "too wide to read on a slide"
            assert 10_000 < path.stat().st_size < 2_000_000
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
        assert colours is None or len(colours) > 20, "an (almost) empty picture"


def test_the_gif_animates(generated):
    with Image.open(generated[0] / "gradient_descent.gif") as gif:
        assert gif.n_frames == GIF_FRAMES
        assert gif.info.get("loop") == 0, "the animation should repeat"
        first = gif.convert("RGB")
        gif.seek(gif.n_frames - 1)
        last = gif.convert("RGB")
    assert ImageChops.difference(first, last).getbbox() is not None, (
        "first and last frame are equal"
    )


def test_a_second_run_writes_the_same_bytes(generated, tmp_path):
    names = ["network.png", "activation_leaky_relu.png", "minibatches.png", "thumbnails/03.png"]
    figures.regenerate(tmp_path, names, report=lambda line: None)
    for name in names:
        assert (tmp_path / name).read_bytes() == (generated[0] / name).read_bytes(), name


def test_command_line_writes_the_named_figures(tmp_path, capsys):
    assert figures.main([str(tmp_path), "activation_relu", "thumbnails/03.png"]) == 0
    printed = capsys.readouterr().out
    assert "activation_relu.png" in printed and "672 x 452" in printed
    assert sorted(p.name for p in tmp_path.rglob("*.png")) == ["03.png", "activation_relu.png"]


def test_command_line_names_what_it_cannot_find(tmp_path, capsys):
    assert figures.main([str(tmp_path), "no_such_figure"]) == 2
    assert "no figure called 'no_such_figure'" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())
    assert len(figures.select(["thumbnails"])) == 12


def test_images_folder_holds_every_figure():
    missing = [name for name in PROMISED if not (ROOT / "images" / name).is_file()]
    assert not missing, f"run `make images`: missing {missing}"


IMAGE_LINK = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
IMG_TAG = re.compile(r"<img\b[^>]*\bsrc=[\"']([^\"']+)[\"'][^>]*>", re.I)


def referenced_images(text):
    """(alt text, target) for every markdown image and every <img> tag in ``text``."""
    found = IMAGE_LINK.findall(text)
    for tag in re.finditer(r"<img\b[^>]*>", text, re.I):
        alt = re.search(r"\balt=[\"']([^\"']*)[\"']", tag.group(0), re.I)
        found += [(alt.group(1) if alt else "", src) for src in IMG_TAG.findall(tag.group(0))]
    return found


def check_references(text, folder, attachments, where):
    for alt, target in referenced_images(text):
        assert alt.strip(), f"{where}: the image {target} has no alt text"
        if target.startswith("attachment:"):
            assert target.split(":", 1)[1] in attachments, f"{where}: missing attachment {target}"
        elif not re.match(r"https?://", target):
            assert (folder / target).resolve().is_file(), f"{where}: {target} does not exist"


def test_the_check_catches_a_missing_picture(tmp_path):
    with pytest.raises(AssertionError, match="does not exist"):
        check_references("![a network](../images/no_such.png)", tmp_path, {}, "test")
    with pytest.raises(AssertionError, match="no alt text"):
        check_references('<img src="x.png">', tmp_path, {}, "test")


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.stem)
def test_every_image_a_notebook_shows_exists(path):
    for cell in read(path).cells:
        if cell.cell_type == "markdown":
            check_references(cell.source, path.parent, cell.get("attachments", {}), path.name)


def test_every_image_the_readme_shows_exists():
    readme = (ROOT / "README.md").read_text()
    check_references(readme, ROOT, {}, "README.md")
