# %% [markdown]
# # Backpropagation through time, by hand: one input, one hidden neuron, three steps
#
# A recurrent network reads a sequence one step at a time, and its hidden neuron reads
# its own value from the step before: h_t = tanh(u x_t + w h_(t-1)), with h_0 = 0, and
# the output y = v h_3 comes at the last step. Unrolled over the three steps it is a
# feedforward network of neurons whose weights u, w and v are the same at every step:
# shared parameters, named `w_xh_1_1`, `w_hh_1_1` and `w_hy_1_1`.
#
# Run: `python demos/bptt.py` (or open it as a notebook: jupytext, VS Code).

# %%
from neurons import Network, draw_rolled, draw_unrolled
from neurons.gradcheck import gradient_check
from neurons.tour import publish

u, w, v = 0.5, 0.8, 1.0
net = Network.rnn(1, 1, 1, steps=3, outputs="last")
net.set_parameters({"w_xh_1_1": u, "w_hh_1_1": w, "w_hy_1_1": v})
x, y = [1.0, 0.5, -0.5], [0.5]
trace = net.forward_trace(x)
print("h_1, h_2, h_3 =", [round(trace.a[f"h{t}_1"], 4) for t in (1, 2, 3)],
      " y =", round(trace.a["o3_1"], 4), " L = (y - 0.5)^2 =", round(net.loss([x], [y]), 5))

# The same network by hand: three shared parameters, one neuron per step.
hand = Network()
for t in (1, 2, 3):
    hand.add_input(f"x{t}_1")
for name, value in {"u": u, "w": w, "v": v}.items():
    hand.add_parameter(name, value)
hand.add_neuron("h1", {"x1_1": "u"}, bias=None, activation="tanh")
for t in (2, 3):
    hand.add_neuron(f"h{t}", {f"x{t}_1": "u", f"h{t - 1}": "w"}, bias=None, activation="tanh")
hand.add_neuron("y", {"h3": "v"}, bias=None, activation="identity")
print("built by hand, the same output:", hand.feedforward(x)[0] == trace.a["o3_1"])
publish(draw_unrolled(net, values=x).figure, "rnn_unrolled")
publish(draw_rolled(net).figure, "rnn_rolled")

# %% [markdown]
# w is used twice, from h_1 into h_2 and from h_2 into h_3, so dL/dw is a sum over the
# steps that use it. The loss enters at step 3; to reach the use at step 2 its delta
# goes back through one more recurrent factor, w f'(z_2). Every factor below 1 makes
# the terms from further back smaller: the vanishing gradient in miniature.

# %%
d = net.explain("w_hh_1_1", x, y)
print(d.through_time.format())
print("the same as net.gradients:", d.value == net.gradients([x], [y])["w_hh_1_1"])
print("central differences agree:", gradient_check(net, [x], [y]).passed)

# %% [markdown]
# The stepper walks the backward pass back through time, one neuron at a time:

# %%
for step in net.steps(x, y):
    if step.kind == "backward" or step.parameter == "w_hh_1_1":
        print(f"t = {step.time}  {step.text}")
