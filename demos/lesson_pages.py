# %% [markdown]
# # Lessons that open in any browser: the steps as a page, and a worksheet that checks
#
# A class does not all have Python. Two pages, each one file that opens from a folder, an
# e-mail or a course site, with no install, no kernel and no request to anywhere:
#
# - the **lesson**: the worked 2-2-1 network's backpropagation step by step, each step's
#   diagram, its equation as mathematics, and the network's numbers as they become known,
#   with a slider, buttons and the arrow keys;
# - the **worksheet**: exercises with answer boxes that check an answer in the page and
#   name a known slip, and "check each factor", which marks the first wrong factor of the
#   chain. The answers are not in the page: it keeps salted hashes of the roundings it
#   accepts.
#
# Run: `python demos/lesson_pages.py` (or open it as a notebook: jupytext, VS Code).

# %%
from neurons import Network, lesson
from neurons.exercises import EVERY_KIND
from neurons.tour import diagrams_folder, publish
from neurons.worksheets import worksheet

OUT = diagrams_folder()

net = Network.dense([2, 2, 1])  # the worked example: every weight 1, every bias 0
net.set_parameter_vector([1.0] * 6 + [0.0] * 3)
x, y = [-2.0, -1.0], 1.0

# %% [markdown]
# The lesson: one frame per step of `net.steps(x, y, lr=0.5)`, 25 of them; the equation
# under each diagram is the step's own text.

# %%
page = lesson(net, x, y, loss="mse", lr=0.5, path=OUT / "lesson_221.html")
print(f"wrote {page.path.name}: {len(page.frames)} steps, "
      f"{page.path.stat().st_size / 1e6:.2f} MB, self-contained")
print("step 5:", page.steps[4].text)

# %% [markdown]
# A worksheet of one exercise of each kind. In Python, `check` grades an answer and
# `check_chain` grades every factor, and names the first wrong one: here the slope f'(z)
# taken at a instead of z.

# %%
ws = worksheet(7, seed=4, kinds=EVERY_KIND)
path = ws.write_html(OUT / "worksheet.html")
print(f"wrote {path.name}: {len(ws.exercises)} exercises "
      f"({', '.join(ex.kind for ex in ws.exercises)}), {path.stat().st_size / 1e6:.2f} MB")

ex = ws.exercises[2]
print(f"{ex.quantity}, factor by factor:", ", ".join(f.symbol for f in ex.chain))
values = [f.value for f in ex.chain]
slip = next(m for m in ex.chain[1].mistakes if m.name == "derivative_at_a")
values[1] = slip.value
feedback = ex.check_chain(values)
print(f"factor {feedback.index + 1} ({feedback.factor.symbol}): {feedback.mistake}")
print(feedback)

# %% [markdown]
# The network of that exercise, as its page shows it: every weight and bias on the diagram.

# %%
publish(ex.draw().figure)  # in a notebook, under the cell
