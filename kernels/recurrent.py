"""Recurrent networks: RNN, LSTM and GRU cells, and multi-step layers trained by BPTT.

A cell computes one time step. Its forward pushes what backward needs onto a stack and its
backward pops it, so running forward for t = 0, 1, ..., T-1 and then backward for
t = T-1, ..., 0 is backpropagation through time: each step's gradient w.r.t. its incoming state
becomes the outgoing-state gradient of the step before.

Weights are laid out as in torch.nn.RNN/LSTM/GRU: weight_ih (G*H, C), weight_hh (G*H, H),
bias_ih and bias_hh (G*H,), with the G gate blocks stacked in the order i, f, g, o (LSTM) and
r, z, n (GRU), so a torch twin takes the same arrays unchanged.
"""

from __future__ import annotations

import numpy as np

from kernels.activations import relu, sigmoid, tanh
from kernels.base import Module, Parameter
from kernels.init import make_rng, uniform


class _Cell(Module):
    """Weights and the two affine maps every cell shares: x W_ih^T + b_ih and h W_hh^T + b_hh."""

    num_gates = 1

    def __init__(self, input_size, hidden_size, bias=True, rng=None):
        self.input_size, self.hidden_size = input_size, hidden_size
        rng = make_rng(rng)
        bound = 1.0 / np.sqrt(hidden_size)  # torch's default for every recurrent weight
        rows = self.num_gates * hidden_size
        self.weight_ih = Parameter(uniform((rows, input_size), bound, rng))
        self.weight_hh = Parameter(uniform((rows, hidden_size), bound, rng))
        self.bias_ih = Parameter(uniform((rows,), bound, rng)) if bias else None
        self.bias_hh = Parameter(uniform((rows,), bound, rng)) if bias else None
        self._steps = []  # one cache per forward call, popped by backward (last in, first out)

    def _affine(self, x, h):
        gi = x @ self.weight_ih.data.T
        gh = h @ self.weight_hh.data.T
        if self.bias_ih is not None:
            gi = gi + self.bias_ih.data
            gh = gh + self.bias_hh.data
        return gi, gh  # each (B, G*H)

    def _affine_backward(self, x, h, d_gi, d_gh):
        self.weight_ih.grad += d_gi.T @ x
        self.weight_hh.grad += d_gh.T @ h
        if self.bias_ih is not None:
            self.bias_ih.grad += d_gi.sum(axis=0)
            self.bias_hh.grad += d_gh.sum(axis=0)
        return d_gi @ self.weight_ih.data, d_gh @ self.weight_hh.data  # dx (B, C), dh (B, H)

    def _zeros(self, x):
        return np.zeros((x.shape[0], self.hidden_size), dtype=x.dtype)


class RNNCell(_Cell):
    """h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh).  x: (B, C), h: (B, H) -> h': (B, H).

    nonlinearity="relu" uses ReLU instead of tanh. backward(dh') returns (dx, dh).
    """

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", rng=None):
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"nonlinearity must be 'tanh' or 'relu', got {nonlinearity!r}")
        self.nonlinearity = nonlinearity
        super().__init__(input_size, hidden_size, bias, rng)

    def forward(self, x, h=None):
        h = self._zeros(x) if h is None else h
        gi, gh = self._affine(x, h)
        pre = gi + gh
        h_new = tanh(pre) if self.nonlinearity == "tanh" else relu(pre)
        self._steps.append((x, h, h_new))
        return h_new

    def backward(self, dh_new):
        x, h, h_new = self._steps.pop()
        if self.nonlinearity == "tanh":
            d_pre = dh_new * (1.0 - h_new**2)
        else:
            d_pre = dh_new * (h_new > 0)
        return self._affine_backward(x, h, d_pre, d_pre)


class LSTMCell(_Cell):
    """One LSTM step.  x: (B, C), state (h, c) each (B, H) -> (h', c') each (B, H).

        i = sigmoid(.)   input gate: how much of the candidate to write
        f = sigmoid(.)   forget gate: how much of the old cell to keep
        g = tanh(.)      candidate values
        o = sigmoid(.)   output gate: how much of the cell to show
        c' = f * c + i * g,    h' = o * tanh(c')

    backward((dh', dc')) returns (dx, (dh, dc)); dc' may be None (no gradient from c').
    """

    num_gates = 4

    def forward(self, x, state=None):
        h, c = (self._zeros(x), self._zeros(x)) if state is None else state
        gi, gh = self._affine(x, h)
        pre = gi + gh  # (B, 4H): the four gates' pre-activations side by side
        H = self.hidden_size
        i = sigmoid(pre[:, 0 * H : 1 * H])
        f = sigmoid(pre[:, 1 * H : 2 * H])
        g = tanh(pre[:, 2 * H : 3 * H])
        o = sigmoid(pre[:, 3 * H : 4 * H])
        c_new = f * c + i * g
        tanh_c = tanh(c_new)
        h_new = o * tanh_c
        self._steps.append((x, h, c, i, f, g, o, tanh_c))
        return h_new, c_new

    def backward(self, dstate):
        dh_new, dc_new = dstate
        x, h, c, i, f, g, o, tanh_c = self._steps.pop()
        # c' reaches the loss directly (dc') and through h' = o * tanh(c')
        dc = dh_new * o * (1.0 - tanh_c**2)
        if dc_new is not None:
            dc = dc + dc_new
        di, df, dg, do = dc * g, dc * c, dc * i, dh_new * tanh_c
        d_pre = np.concatenate(
            [di * i * (1 - i), df * f * (1 - f), dg * (1 - g**2), do * o * (1 - o)], axis=1
        )
        dx, dh = self._affine_backward(x, h, d_pre, d_pre)
        return dx, (dh, dc * f)


class GRUCell(_Cell):
    """One GRU step (torch's formulation).  x: (B, C), h: (B, H) -> h': (B, H).

        r = sigmoid(x W_ir^T + b_ir + h W_hr^T + b_hr)          reset gate
        z = sigmoid(x W_iz^T + b_iz + h W_hz^T + b_hz)          update gate
        n = tanh(x W_in^T + b_in + r * (h W_hn^T + b_hn))       candidate
        h' = (1 - z) * n + z * h

    backward(dh') returns (dx, dh).
    """

    num_gates = 3

    def forward(self, x, h=None):
        h = self._zeros(x) if h is None else h
        gi, gh = self._affine(x, h)
        H = self.hidden_size
        r = sigmoid(gi[:, :H] + gh[:, :H])
        z = sigmoid(gi[:, H : 2 * H] + gh[:, H : 2 * H])
        hn = gh[:, 2 * H :]  # the reset gate scales the recurrent part only
        n = tanh(gi[:, 2 * H :] + r * hn)
        h_new = (1 - z) * n + z * h
        self._steps.append((x, h, r, z, n, hn))
        return h_new

    def backward(self, dh_new):
        x, h, r, z, n, hn = self._steps.pop()
        dn, dz = dh_new * (1 - z), dh_new * (h - n)
        dn_pre = dn * (1 - n**2)
        dr_pre = dn_pre * hn * r * (1 - r)
        dz_pre = dz * z * (1 - z)
        d_gi = np.concatenate([dr_pre, dz_pre, dn_pre], axis=1)
        d_gh = np.concatenate([dr_pre, dz_pre, dn_pre * r], axis=1)
        dx, dh = self._affine_backward(x, h, d_gi, d_gh)
        return dx, dh + dh_new * z


# ---------------------------------------------------------------- multi-step layers


def _hidden(state):
    """The hidden state h of a cell state: h itself, or the h of an LSTM's (h, c)."""
    return state[0] if isinstance(state, tuple) else state


def _with_hidden(state, h):
    return (h, state[1]) if isinstance(state, tuple) else h


class _Recurrent(Module):
    """A stack of `num_layers` recurrent layers over a whole sequence, optionally bidirectional.

    x: (B, T, C) -> output (B, T, D*H) (D = 2 if bidirectional), plus the final state of every
    layer and direction, (num_layers*D, B, H) as in torch. Layer l > 0 reads the outputs of
    layer l-1, both directions side by side. cells[l*D + d] runs layer l, direction d
    (d = 1 reads the sequence backwards); the layer lists their Parameters under torch's names:
    weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, weight_ih_l0_reverse, ...
    """

    cell_class: type[_Cell]

    def __init__(
        self,
        input_size,
        hidden_size,
        num_layers=1,
        bias=True,
        bidirectional=False,
        rng=None,
        **cell_options,
    ):
        self.input_size, self.hidden_size = input_size, hidden_size
        self.num_layers, self.bidirectional = num_layers, bidirectional
        self.num_directions = 2 if bidirectional else 1
        rng = make_rng(rng)
        self.cells = [
            self.cell_class(
                input_size if layer == 0 else hidden_size * self.num_directions,
                hidden_size,
                bias,
                rng=rng,
                **cell_options,
            )
            for layer in range(num_layers)
            for _direction in range(self.num_directions)
        ]
        for k, cell in enumerate(self.cells):
            layer, direction = divmod(k, self.num_directions)
            suffix = f"_l{layer}" + ("_reverse" if direction else "")
            for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
                if getattr(cell, name) is not None:
                    setattr(self, name + suffix, getattr(cell, name))

    def children(self):
        # the cells' Parameters are already listed on the layer under torch's names
        return iter(())

    def _run(self, cell, x, state, reverse):
        """Feed x (B, T, C) through one cell step by step; return outputs (B, T, H), last state."""
        cell._steps.clear()  # forget steps of an earlier forward that was never backpropagated
        B, T, _ = x.shape
        out = np.empty((B, T, self.hidden_size), dtype=x.dtype)
        for t in reversed(range(T)) if reverse else range(T):
            # cell.forward rather than cell(...): the trace shows the layer, not T cell calls
            state = cell.forward(x[:, t], state)
            out[:, t] = _hidden(state)
        return out, state

    def _run_backward(self, cell, dout, dstate, reverse):
        """BPTT through one cell: dout (B, T, H), dstate = grad of its last state."""
        T = dout.shape[1]
        dx = [None] * T
        for t in range(T) if reverse else reversed(range(T)):
            # h_t went both to the output at t and to the next step: the gradients add up
            dstate = _with_hidden(dstate, _hidden(dstate) + dout[:, t])
            dx[t], dstate = cell.backward(dstate)
        return np.stack(dx, axis=1), dstate

    def forward(self, x, state=None):
        if x.ndim != 3 or x.shape[-1] != self.input_size:
            raise ValueError(
                f"{type(self).__name__} expects input (B, T, input_size={self.input_size}), "
                f"got shape {x.shape}"
            )
        self.given_state = state is not None
        D, finals = self.num_directions, []
        for layer in range(self.num_layers):
            outputs = []
            for direction in range(D):
                k = layer * D + direction
                initial = None if state is None else self._select(state, k)
                out, final = self._run(self.cells[k], x, initial, reverse=direction == 1)
                outputs.append(out)
                finals.append(final)
            x = np.concatenate(outputs, axis=-1)  # (B, T, D*H): the next layer's input
        return x, self._stack(finals)

    def backward(self, dout):
        """dout: grad of the output (B, T, D*H), or (that, grad of the final state).

        Returns dx (B, T, C), or (dx, grad of the initial state) if forward was given one.
        """
        dout, dfinal = dout if isinstance(dout, tuple) else (dout, None)
        D, H = self.num_directions, self.hidden_size
        dinitial = [None] * (self.num_layers * D)
        for layer in reversed(range(self.num_layers)):
            dx = 0.0
            for direction in range(D):
                k = layer * D + direction
                dstate = self._zero_state(dout) if dfinal is None else self._select(dfinal, k)
                d_dir, dinitial[k] = self._run_backward(
                    self.cells[k],
                    dout[..., direction * H : (direction + 1) * H],
                    dstate,
                    reverse=direction == 1,
                )
                dx = dx + d_dir  # both directions read the same input
            dout = dx
        return (dout, self._stack(dinitial)) if self.given_state else dout

    # an RNN/GRU state is one array h; LSTM overrides these for its pair (h, c)
    def _select(self, state, k):
        return state[k]

    def _stack(self, states):
        return np.stack(states)

    def _zero_state(self, dout):
        return np.zeros((dout.shape[0], self.hidden_size), dtype=dout.dtype)


class RNN(_Recurrent):
    """Elman RNN over (B, T, C): forward(x, h0=None) -> (output (B, T, D*H), h_n (L*D, B, H)).

    nonlinearity="tanh" or "relu", as torch.nn.RNN(batch_first=True).
    """

    cell_class = RNNCell

    def __init__(
        self,
        input_size,
        hidden_size,
        num_layers=1,
        nonlinearity="tanh",
        bias=True,
        bidirectional=False,
        rng=None,
    ):
        super().__init__(
            input_size, hidden_size, num_layers, bias, bidirectional, rng, nonlinearity=nonlinearity
        )


class GRU(_Recurrent):
    """GRU over (B, T, C): forward(x, h0=None) -> (output (B, T, D*H), h_n (L*D, B, H))."""

    cell_class = GRUCell


class LSTM(_Recurrent):
    """LSTM over (B, T, C): forward(x, (h0, c0)=None) -> (output, (h_n, c_n)).

    output is (B, T, D*H); h_n and c_n are (L*D, B, H), as torch.nn.LSTM(batch_first=True).
    backward takes dout or (dout, (dh_n, dc_n)) and returns dx, or (dx, (dh0, dc0)).
    """

    cell_class = LSTMCell

    def _select(self, state, k):
        h, c = state
        return h[k], (None if c is None else c[k])

    def _stack(self, states):
        return np.stack([h for h, _ in states]), np.stack([c for _, c in states])

    def _zero_state(self, dout):
        return super()._zero_state(dout), None
