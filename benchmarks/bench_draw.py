"""Drawing speed: ``draw`` and ``animate_backprop`` against plain matplotlib, in one run.

1. ``draw`` + saving a PNG of the 2-2-1 network, against a plain matplotlib script that
   draws the same artists (the same circles, squares and hexagons, lines, texts with their
   boxes, legend and colour bar, at the same places, sizes and colours, read from a
   drawing made beforehand) into a figure of the same size and saves it the same way.
   The ratio is what the library's decisions (layout, colour scales, label placement)
   cost on top of the drawing itself. Target: at most 1.5x.
2. ``animate_backprop`` of the 2-2-1 worked example (every weight 1, x = (-2, -1), y = 1,
   lr = 0.1: 25 steps, a frame each), the whole call divided by its frames, against one
   plain ``savefig`` (PNG) of the same figure. Target: at most 2x; goal: the whole GIF
   in under 3.5 s (a quarter of the 14 s it took when every frame was drawn anew).
3. ``draw`` + rendering of 2-2-1, 64-32-10 and 784-128-64-10 (large layers elided):
   784-128-64-10 in well under 5 s.

Ratios are of minima over interleaved rounds (the machine is shared). Timings are printed
for reading, never asserted by the tests.

    python3 benchmarks/bench_draw.py           # the measurement
    python3 benchmarks/bench_draw.py --quick   # one round, for the tests
"""

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.cm import ScalarMappable
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from neurons import Network, animate_backprop, draw

CASES = [[2, 2, 1], [64, 32, 10], [784, 128, 64, 10]]
TARGET_SECONDS = 5.0
WORKED = [1.0] * 6 + [0.0] * 3  # w1..w6 = 1, b1..b3 = 0
X, Y, LR = [-2.0, -1.0], 1.0, 0.1


def worked_example() -> Network:
    net = Network.dense([2, 2, 1])
    net.set_parameter_vector(WORKED)
    return net


# -- 1. draw + save against a plain script ---------------------------------------------------
def spec_of(disp) -> dict:
    """Everything the plain script needs to draw the same picture, read off a drawing."""
    fig, ax, art = disp.figure, disp.ax, disp.artists
    texts = []
    for text in [*ax.texts]:
        box = text.get_bbox_patch()
        texts.append({
            "s": text.get_text(), "xy": text.xy if hasattr(text, "xy") else text.get_position(),
            "offset": text.xyann if hasattr(text, "xyann") else None,
            "fontsize": text.get_fontsize(), "ha": text.get_ha(), "va": text.get_va(),
            "color": text.get_color(), "alpha": text.get_alpha(),
            "bbox": None if box is None else {"boxstyle": box.get_boxstyle(),
                                             "fc": box.get_facecolor(), "ec": box.get_edgecolor(),
                                             "lw": box.get_linewidth()},
            "position": text.get_position()})
    dots = [{"offsets": c.get_offsets().copy(), "marker": c.get_paths()[0],
             "sizes": c.get_sizes().copy(), "fc": c.get_facecolor().copy(),
             "ec": c.get_edgecolor().copy(), "lw": c.get_linewidths().copy(),
             "zorder": c.get_zorder()} for c in ax.collections if c is not art["edges"]]
    edges = art["edges"]
    legend = art["legend"]
    return {
        "figsize": fig.get_size_inches().copy(), "dpi": fig.dpi,
        "box": ax.get_position().bounds, "xlim": ax.get_xlim(), "ylim": ax.get_ylim(),
        "segments": edges.get_segments(), "colours": edges.get_colors().copy(),
        "widths": edges.get_linewidths().copy(), "dots": dots, "texts": texts,
        "legend": [(h, t.get_text()) for h, t in zip(legend.legend_handles, legend.get_texts())],
        "legend_size": legend.get_texts()[0].get_fontsize(),
        "bar": (art["norm"], art["cmap"], art["colorbar"].ax.get_position().bounds,
                art["colorbar"].ax.get_ylabel())}


def plain_script(spec: dict, out: io.BytesIO) -> None:
    """What a reader would write with matplotlib alone to draw the same picture."""
    fig = plt.figure(figsize=spec["figsize"], dpi=spec["dpi"])
    ax = fig.add_axes(spec["box"])
    ax.set_axis_off()
    ax.set_xlim(*spec["xlim"])
    ax.set_ylim(*spec["ylim"])
    ax.add_collection(LineCollection(spec["segments"], colors=spec["colours"],
                                     linewidths=spec["widths"]))
    for d in spec["dots"]:
        dots = ax.scatter(d["offsets"][:, 0], d["offsets"][:, 1], s=d["sizes"],
                          marker=d["marker"], c=d["fc"], edgecolors=d["ec"], linewidths=d["lw"])
        dots.set_zorder(d["zorder"])
    for t in spec["texts"]:
        style = {"fontsize": t["fontsize"], "ha": t["ha"], "va": t["va"], "color": t["color"],
                 "alpha": t["alpha"], "bbox": t["bbox"]}
        if t["offset"] is not None:
            ax.annotate(t["s"], t["xy"], xytext=t["offset"], textcoords="offset points", **style)
        else:
            ax.text(*t["position"], t["s"], **style)
    ax.legend(*zip(*spec["legend"]), loc="lower left", bbox_to_anchor=(0, 1),
              ncol=len(spec["legend"]), frameon=False, fontsize=spec["legend_size"],
              handletextpad=0.3, columnspacing=1.2)
    norm, cmap, box, label = spec["bar"]
    fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), cax=fig.add_axes(box), label=label)
    fig.savefig(out, format="png")
    plt.close(fig)


def library(net: Network, out: io.BytesIO) -> None:
    disp = draw(net)
    disp.figure.savefig(out, format="png")
    plt.close(disp.figure)


def timed(function, *args, **keywords) -> float:
    start = time.perf_counter()
    function(*args, **keywords)
    return time.perf_counter() - start


def draw_against_plain(rounds: int) -> None:
    net = worked_example()
    disp = draw(net)
    spec = spec_of(disp)
    plt.close(disp.figure)
    library(net, io.BytesIO())  # warm: fonts, caches
    plain_script(spec, io.BytesIO())
    ours, plain = [], []
    for _ in range(rounds):  # interleaved, so a busy moment hits both
        ours.append(timed(library, net, io.BytesIO()))
        plain.append(timed(plain_script, spec, io.BytesIO()))
    ratio = min(ours) / min(plain)
    print(f"  2-2-1 picture + PNG: neurons {min(ours) * 1e3:6.1f} ms, plain matplotlib "
          f"{min(plain) * 1e3:6.1f} ms: {ratio:.2f}x (target <= 1.5x: "
          f"{'PASS' if ratio <= 1.5 else 'FAIL'})")


# -- 2. animate_backprop per frame against one savefig ---------------------------------------
def animate_against_savefig(rounds: int) -> None:
    net = worked_example()
    record = net.steps(X, Y, "mse", lr=LR)
    frame = draw(net, step=record[12]).figure  # a frame's figure: delta_h1
    frame.savefig(io.BytesIO(), format="png")  # warm
    totals, saves = [], []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(rounds):
            start = time.perf_counter()
            gif = animate_backprop(net, X, Y, "mse", lr=LR, path=Path(folder) / "steps.gif")
            totals.append(time.perf_counter() - start)
            saves.append(min(timed(frame.savefig, io.BytesIO(), format="png") for _ in range(3)))
    plt.close(frame)
    frames = len(gif.frames)
    per_frame, save = min(totals) / frames, min(saves)
    ratio = per_frame / save
    print(f"  animate_backprop, 2-2-1 worked example: {frames} frames in {min(totals):.2f} s "
          f"(goal < 3.5 s: {'PASS' if min(totals) < 3.5 else 'MISS'}), {per_frame * 1e3:.1f} ms "
          f"a frame against one savefig of the frame's figure {save * 1e3:.1f} ms: "
          f"{ratio:.2f}x (target <= 2x: {'PASS' if ratio <= 2 else 'FAIL'})")


# -- 3. the sizes ----------------------------------------------------------------------------
def render(net, **options):
    """Seconds to build the diagram and to render it, and the figure."""
    fig = Figure(figsize=(9, 6))
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    start = time.perf_counter()
    draw(net, ax=ax, **options)
    built = time.perf_counter()
    canvas.draw()
    return built - start, time.perf_counter() - built


def sizes(rounds: int, cases: list[list[int]]) -> None:
    for layers in cases:
        net = Network.dense(layers, seed=0)
        x = np.zeros(layers[0])
        sample = {"values": x, "gradients": (x, np.zeros(layers[-1]), "mse")}
        for label, options in [("weights", {}), ("values + gradients", sample)]:
            times = [render(net, **options) for _ in range(rounds)]
            build, paint = min(t[0] for t in times), min(t[1] for t in times)
            total = build + paint
            verdict = ""
            if layers == CASES[-1]:
                ok = "PASS" if total < TARGET_SECONDS else "FAIL"
                verdict = f"  (target < {TARGET_SECONDS:g} s: {ok})"
            print(f"  {'-'.join(map(str, layers)):>14} {label:<19} draw {build:6.3f} s + render "
                  f"{paint:6.3f} s = {total:6.3f} s{verdict}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one round of each")
    args = parser.parse_args(argv)
    rounds = 1 if args.quick else 5
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, matplotlib "
          f"{matplotlib.__version__}; best of {rounds}")
    draw_against_plain(rounds)
    animate_against_savefig(1 if args.quick else 3)
    sizes(1 if args.quick else 3, CASES[::2] if args.quick else CASES)


if __name__ == "__main__":
    main()
