"""The command line: train the source document's test network and save what it learned.

    python -m dnn_core train --batch_size 8 --learning_rate 0.1 --num_epochs 3000

fits a 1-20-20-1 network (ReLU hidden layers, sigmoid output, MSE loss) to the
attenuated sine of ``datasets.attenuated_sine`` and writes, into ``--output``:

    result.png    the fit at chosen epochs (the document's Result.png)
    cost.png      the cost per epoch, log scale
    model.npz     the trained model (``DeepNeuralNetwork.load`` reads it)
    metrics.json  the final MSE, epochs, seconds and every flag

Every flag is used (the document's train.py ignored --num_epochs). Nothing is
lost: a folder that holds an earlier run is only overwritten with --force, and
the folder is created only once training has succeeded. Every problem is one
line on stderr and a non-zero exit code (2 for a bad flag, 1 for a failed run).
matplotlib is imported only in ``save_figures``, so importing this module stays light.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

from .activations import hidden_activations
from .experiments import DOCUMENT_SNAPSHOTS, DOCUMENT_TASK, document_task
from .model import TrainingDiverged

OUTPUTS = ("result.png", "cost.png", "model.npz", "metrics.json")
MAX_EPOCHS = 10**6  # about 2 hours on the document's task; 20 digits would never end


class CommandError(Exception):
    """A problem to report in one line (exit code 2), without a traceback."""


def _int_list(minimum, allow_empty=False):
    """An argparse type: "20,20" -> [20, 20], every entry an int >= minimum."""

    def parse(text):
        if not text.strip():
            if allow_empty:
                return []
            raise argparse.ArgumentTypeError("expected at least one integer, got an empty list")
        try:
            values = [int(part) for part in text.split(",")]
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"expected comma-separated integers, got {text!r}"
            ) from None
        if any(v < minimum for v in values):
            raise argparse.ArgumentTypeError(f"every entry must be >= {minimum}, got {text!r}")
        return values

    return parse


def _number(kind, minimum, strict=False, maximum=None, below=None):
    """An argparse type: a ``kind`` (int or float) >= minimum (> minimum if strict), and
    <= maximum (< below) if one is given."""

    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {kind.__name__}, got {text!r}") from None
        if not np.isfinite(value) or value < minimum or (strict and value == minimum):
            raise argparse.ArgumentTypeError(
                f"must be {'>' if strict else '>='} {minimum}, got {text}"
            )
        if maximum is not None and value > maximum:
            raise argparse.ArgumentTypeError(f"must be <= {maximum}, got {text}")
        if below is not None and value >= below:
            raise argparse.ArgumentTypeError(f"must be < {below}, got {text}")
        return value

    return parse


def _folder(text):
    """An argparse type: a non-empty folder name, as a Path."""
    if not text.strip():
        raise argparse.ArgumentTypeError(
            "expected a folder name, got an empty one (it would mean the current folder)"
        )
    return Path(text)


def build_parser():
    parser = argparse.ArgumentParser(prog="dnn_core", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    train = commands.add_parser(
        "train",
        help="fit the attenuated sine (the document's test)",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    add = train.add_argument
    task = DOCUMENT_TASK  # the defaults: the source document's test
    add(
        "--batch_size",
        type=_number(int, 1),
        default=task["batch_size"],
        help="examples per mini-batch",
    )
    add(
        "--learning_rate",
        type=_number(float, 0, strict=True),
        default=task["learning_rate"],
        help="step size",
    )
    add(
        "--num_epochs",
        type=_number(int, 0, maximum=MAX_EPOCHS),
        default=task["num_epochs"],
        help="passes over the data",
    )
    add(
        "--hidden",
        type=_int_list(1),
        default=task["hidden"],
        help="hidden layer widths, e.g. 20,20",
    )
    add(
        "--hidden_activation",
        default=task["hidden_activation"],
        help="activation of the hidden layers",
        choices=hidden_activations(),
    )
    add(
        "--seed",
        type=_number(int, 0),
        default=task["seed"],
        help="seed of the weights and the shuffling",
    )
    add(
        "--l2",
        type=_number(float, 0),
        default=task["l2"],
        help="L2 regularization strength lambda (chapter 09)",
    )
    add(
        "--dropout",
        type=_number(float, 0, below=1),
        default=task["dropout"],
        help="probability of dropping a hidden unit while training (chapter 09)",
    )
    add(
        "--snapshots",
        type=_int_list(1, allow_empty=True),
        default=DOCUMENT_SNAPSHOTS,
        help="epochs shown in result.png, e.g. 10,100 (the last epoch is always shown)",
    )
    add("--output", type=_folder, default=Path("output"), help="folder for the results")
    add(
        "--force",
        "--overwrite",
        action="store_true",
        help=f"replace an earlier run's {', '.join(OUTPUTS)} in --output",
    )
    add("--quiet", action="store_true", help="no progress lines")
    return parser


def run_training(args):
    """Train as ``args`` say; returns (model, (X, Y, x), {epoch: prediction}, seconds)."""
    every = max(1, args.num_epochs // 10)
    start = time.perf_counter()

    def progress(model, epoch, cost):  # after each epoch; returning None keeps training
        if not args.quiet and (epoch % every == 0 or epoch == args.num_epochs):
            print(
                f"epoch {epoch:>{len(str(args.num_epochs))}}/{args.num_epochs}  "
                f"cost {cost:.6f}  {time.perf_counter() - start:.1f} s",
                flush=True,
            )

    settings = {name: getattr(args, name) for name in DOCUMENT_TASK}
    return document_task(args.snapshots, progress, **settings)


def save_figures(folder, x, Y, snapshots, costs):
    """result.png and cost.png (matplotlib is imported here, and only here)."""
    from .plots.style import style
    from .plots.training import plot_cost, plot_snapshots

    with style():
        plot_snapshots(x, Y, snapshots).savefig(folder / "result.png")
        plot_cost(costs).savefig(folder / "cost.png")


def check_output(folder, force):
    """Raise CommandError now, before training, if the results could not be written to
    ``folder`` or would overwrite an earlier run without ``force``. Creates nothing."""
    existing = next(p for p in (folder, *folder.parents) if p.exists() or p == Path("."))
    if not existing.is_dir():
        raise CommandError(f"argument --output: {str(existing)!r} is a file, not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise CommandError(f"argument --output: cannot write into {str(existing)!r}")
    earlier = [name for name in OUTPUTS if (folder / name).exists()]
    if earlier and not force:
        raise CommandError(
            f"argument --output: {str(folder)!r} already holds an earlier run "
            f"({', '.join(earlier)}); pass --force to replace it, or choose another folder"
        )


def train_command(args):
    check_output(args.output, args.force)
    try:
        model, (X, Y, x), snapshots, seconds = run_training(args)
    except TrainingDiverged as error:
        print(f"dnn_core train: error: {error}", file=sys.stderr)
        return 1
    except ValueError as error:  # the network cannot be built (e.g. too big to fit in memory)
        raise CommandError(str(error)) from None
    final_mse = float(np.mean((model.predict(X) - Y) ** 2))
    args.output.mkdir(parents=True, exist_ok=True)  # only now: a failed run leaves nothing
    save_figures(args.output, x, Y, snapshots, model.costs)
    model.save(args.output / "model.npz")
    flags = {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}
    metrics = {
        "final_mse": final_mse,
        "epochs": len(model.costs),
        "seconds": round(seconds, 3),
        "layer_dims": model.layer_dims,
        "snapshot_epochs": sorted(snapshots),
        "flags": flags,
    }
    (args.output / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    print(
        f"final MSE: {final_mse:.6f}  ({len(model.costs)} epochs, {seconds:.1f} s; "
        f"results in {args.output}/)"
    )
    return 0


def main(argv=None):
    """Entry point of ``python -m dnn_core`` and of the ``dnn-core`` script; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return {"train": train_command}[args.command](args)
    except CommandError as error:
        print(f"dnn_core {args.command}: error: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # e.g. the disk filled up while writing the results
        print(f"dnn_core {args.command}: error: {error}", file=sys.stderr)
        return 1
