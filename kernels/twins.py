"""PyTorch twins: the torch module equivalent to a NumPy kernel module, with the same weights.

    tm = twin(np_module)                              # torch.nn.Module, float64, weights copied
    errors = compare_with_torch(np_module, x)         # max |numpy - torch| of outputs and grads

torch is imported only here (and in twins_*.py siblings), lazily, so the rest of kernels/ runs
without it. Other files register more twins with `@register(KernelClass)`; `twin()` imports every
`kernels.twins_*` module the first time it meets an unregistered class.
"""

from __future__ import annotations

import importlib
import pkgutil

import numpy as np

from kernels import activations as act
from kernels import linear, losses, normalization

_builders: dict[type, object] = {}
_siblings_loaded = False


def register(kernel_class):
    """Decorator: `builder(np_module) -> torch module` becomes the twin of kernel_class."""

    def decorate(builder):
        _builders[kernel_class] = builder
        return builder

    return decorate


def _load_siblings() -> None:
    global _siblings_loaded
    if _siblings_loaded:
        return
    _siblings_loaded = True
    import kernels

    for info in pkgutil.iter_modules(kernels.__path__):
        if info.name.startswith("twins_"):
            importlib.import_module(f"kernels.{info.name}")


def twin(module):
    """The torch module equivalent to `module` (float64, same weights, same train/eval mode)."""
    builder = _find_builder(type(module))
    torch_module = builder(module).double()
    copy_weights(module, torch_module)
    torch_module.train(module.training)
    return torch_module


def _find_builder(cls):
    for klass in cls.__mro__:
        if klass in _builders:
            return _builders[klass]
    _load_siblings()
    for klass in cls.__mro__:
        if klass in _builders:
            return _builders[klass]
    raise KeyError(f"no torch twin registered for {cls.__name__}")


def copy_weights(np_module, torch_module) -> None:
    """Copy every Parameter (and BatchNorm running statistics) into the same-named torch tensor."""
    import torch

    state = torch_module.state_dict()
    with torch.no_grad():
        for name, p in np_module.named_parameters():
            if name not in state:
                raise KeyError(f"torch twin {type(torch_module).__name__} has no parameter {name}")
            state[name].copy_(torch.from_numpy(np.ascontiguousarray(p.data)))
        for name, array in _buffers(np_module):
            if name in state:
                state[name].copy_(torch.from_numpy(np.ascontiguousarray(array)))


def _buffers(np_module, prefix=""):
    for attr in ("running_mean", "running_var"):
        if isinstance(getattr(np_module, attr, None), np.ndarray):
            yield prefix + attr, getattr(np_module, attr)
    for name, child in np_module.children():
        yield from _buffers(child, prefix + name + ".")


def compare_with_torch(np_module, *inputs, dout=None, seed=0) -> dict[str, float]:
    """Run the module and its twin on the same inputs; return max abs differences.

    Keys: "output", "grad_input0", ... (float inputs), and "grad_<param name>" for parameters.
    `dout` is the upstream gradient (random by default; 1.0 for losses, which return a float).
    """
    import torch

    torch_module = twin(np_module)
    np_out = np_module(*inputs)
    t_inputs = [
        torch.tensor(x, requires_grad=True) if _is_float_array(x) else _as_torch(x) for x in inputs
    ]
    t_out = torch_module(*t_inputs)
    if dout is None:
        dout = (
            1.0
            if np.ndim(np_out) == 0
            else np.random.default_rng(seed).standard_normal(np.shape(np_out))
        )
    errors = {"output": _max_diff(np_out, t_out.detach().numpy())}

    np_module.zero_grad()
    np_grads = np_module.backward(dout)
    if not isinstance(np_grads, tuple):
        np_grads = (np_grads,)
    t_out.backward(torch.as_tensor(dout, dtype=t_out.dtype))
    for i, (x, g) in enumerate(zip(t_inputs, np_grads)):
        if g is not None and x.requires_grad:
            errors[f"grad_input{i}"] = _max_diff(g, x.grad.numpy())
    torch_params = dict(torch_module.named_parameters())
    for name, p in np_module.named_parameters():
        errors[f"grad_{name}"] = _max_diff(p.grad, torch_params[name].grad.numpy())
    return errors


def _is_float_array(x) -> bool:
    return isinstance(x, np.ndarray) and x.dtype.kind == "f"


def _as_torch(x):
    import torch

    return torch.from_numpy(x) if isinstance(x, np.ndarray) else x


def _max_diff(a, b) -> float:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise AssertionError(f"shapes differ: numpy {a.shape} vs torch {b.shape}")
    return float(np.abs(a - b).max(initial=0.0))


# ---------------------------------------------------------------- activations


def _nn():
    import torch.nn

    return torch.nn


def _step_twin(_module):
    """torch has no step layer: a tiny nn.Module whose gradient is 0, like kernels' Step."""
    import torch

    class Step(torch.nn.Module):
        def forward(self, x):
            return (x > 0).to(x.dtype) + 0 * x  # + 0*x keeps a (zero) gradient path

    return Step()


register(act.Step)(_step_twin)
register(act.Sigmoid)(lambda m: _nn().Sigmoid())
register(act.Tanh)(lambda m: _nn().Tanh())
register(act.ReLU)(lambda m: _nn().ReLU())
register(act.LeakyReLU)(lambda m: _nn().LeakyReLU(m.negative_slope))
register(act.ELU)(lambda m: _nn().ELU(m.alpha))
register(act.GELU)(lambda m: _nn().GELU(approximate=m.approximate))
register(act.Softmax)(lambda m: _nn().Softmax(dim=m.axis))
register(act.LogSoftmax)(lambda m: _nn().LogSoftmax(dim=m.axis))

# ---------------------------------------------------------------- linear family

register(linear.Linear)(
    lambda m: _nn().Linear(m.in_features, m.out_features, bias=m.bias is not None)
)
register(linear.Embedding)(lambda m: _nn().Embedding(m.num_embeddings, m.embedding_dim))
register(linear.Dropout)(lambda m: _nn().Dropout(m.p))
register(linear.Flatten)(lambda m: _nn().Flatten(m.start_dim, m.end_dim))
register(linear.Sequential)(lambda m: _nn().Sequential(*(twin(layer) for layer in m.layers)))

# ---------------------------------------------------------------- losses

register(losses.MSELoss)(lambda m: _nn().MSELoss(reduction=m.reduction))
register(losses.L1Loss)(lambda m: _nn().L1Loss(reduction=m.reduction))
register(losses.BCEWithLogitsLoss)(lambda m: _nn().BCEWithLogitsLoss(reduction=m.reduction))
register(losses.BCELoss)(lambda m: _nn().BCELoss(reduction=m.reduction))
register(losses.CrossEntropyLoss)(
    lambda m: _nn().CrossEntropyLoss(reduction=m.reduction, ignore_index=m.ignore_index)
)
register(losses.KLDivLoss)(lambda m: _nn().KLDivLoss(reduction=m.reduction))

# ---------------------------------------------------------------- normalization

register(normalization.BatchNorm1d)(
    lambda m: _nn().BatchNorm1d(m.num_features, m.eps, m.momentum, affine=m.weight is not None)
)
register(normalization.BatchNorm2d)(
    lambda m: _nn().BatchNorm2d(m.num_features, m.eps, m.momentum, affine=m.weight is not None)
)
register(normalization.LayerNorm)(
    lambda m: _nn().LayerNorm(
        m.normalized_shape, m.eps, elementwise_affine=m.weight is not None, bias=m.bias is not None
    )
)
register(normalization.GroupNorm)(
    lambda m: _nn().GroupNorm(m.num_groups, m.num_channels, m.eps, affine=m.weight is not None)
)
register(normalization.RMSNorm)(
    lambda m: _nn().RMSNorm(m.normalized_shape, m.eps, elementwise_affine=m.weight is not None)
)


# ---------------------------------------------------------------- optimizers


def twin_optimizer(np_optimizer, torch_params):
    """The torch.optim optimiser with the same hyperparameters as a kernels.optim one."""
    import torch.optim as topt

    from kernels import optim

    o = np_optimizer
    kind = type(o)
    if kind is optim.SGD:
        return topt.SGD(
            torch_params,
            lr=o.lr,
            momentum=o.momentum,
            dampening=o.dampening,
            weight_decay=o.weight_decay,
            nesterov=o.nesterov,
        )
    if kind is optim.AdaGrad:
        return topt.Adagrad(
            torch_params,
            lr=o.lr,
            lr_decay=o.lr_decay,
            weight_decay=o.weight_decay,
            eps=o.eps,
            initial_accumulator_value=o.initial_accumulator_value,
        )
    if kind is optim.RMSProp:
        return topt.RMSprop(
            torch_params,
            lr=o.lr,
            alpha=o.alpha,
            eps=o.eps,
            weight_decay=o.weight_decay,
            momentum=o.momentum,
            centered=o.centered,
        )
    if kind is optim.AdaDelta:
        return topt.Adadelta(
            torch_params, lr=o.lr, rho=o.rho, eps=o.eps, weight_decay=o.weight_decay
        )
    if kind is optim.AdamW:
        return topt.AdamW(
            torch_params, lr=o.lr, betas=o.betas, eps=o.eps, weight_decay=o.weight_decay
        )
    if kind is optim.Adam:
        return topt.Adam(
            torch_params, lr=o.lr, betas=o.betas, eps=o.eps, weight_decay=o.weight_decay
        )
    raise KeyError(f"no torch twin for optimizer {kind.__name__}")


# ---------------------------------------------------------------- conv, pooling, upsampling


def _register_spatial():
    from kernels import conv, pooling, upsample

    register(conv.Conv2d)(
        lambda m: _nn().Conv2d(
            m.in_channels,
            m.out_channels,
            m.kernel_size,
            m.stride,
            m.padding,
            m.dilation,
            m.groups,
            bias=m.bias is not None,
        )
    )
    register(conv.Conv1d)(
        lambda m: _nn().Conv1d(
            m.in_channels,
            m.out_channels,
            m.kernel_size,
            m.stride,
            m.padding,
            m.dilation,
            m.groups,
            bias=m.bias is not None,
        )
    )
    register(conv.ConvTranspose2d)(
        lambda m: _nn().ConvTranspose2d(
            m.in_channels,
            m.out_channels,
            m.kernel_size,
            m.stride,
            m.padding,
            m.output_padding,
            bias=m.bias is not None,
            dilation=m.dilation,
        )
    )
    register(pooling.MaxPool2d)(lambda m: _nn().MaxPool2d(m.kernel_size, m.stride, m.padding))
    register(pooling.AvgPool2d)(lambda m: _nn().AvgPool2d(m.kernel_size, m.stride, m.padding))
    register(pooling.AdaptiveAvgPool2d)(lambda m: _nn().AdaptiveAvgPool2d(m.output_size))
    register(upsample.Upsample)(
        lambda m: _nn().Upsample(
            size=m.size,
            scale_factor=m.scale_factor,
            mode=m.mode,
            align_corners=m.align_corners if m.mode == "bilinear" else None,
        )
    )


_register_spatial()
