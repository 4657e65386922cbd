"""Golden tests: course equations rendered in 2D, each checked by eye when written."""

from __future__ import annotations

import pytest

from tutor.render.math import render_math

# (name, LaTeX, the exact display rendering)
GOLDEN = [
    (
        "softmax",
        r"\operatorname{softmax}(\mathbf{z})_i = \frac{\exp(z_i)}{\sum_{j=1}^{K} \exp(z_j)}",
        """\
                exp(zᵢ)
softmax(𝐳)ᵢ = ───────────
               K
               ∑  exp(zⱼ)
              j=1
""",
    ),
    (
        "cross_entropy",
        r"\mathcal{L}_{\text{CE}} = -\sum_{c=1}^{C} y_c \log \hat{y}_c",
        """\
         C
ℒ   = −  ∑  y  log ŷ
 CE     c=1  c      c
""",
    ),
    (
        "bce",
        r"\mathcal{L} = -\frac{1}{N}\sum_{i=1}^{N}\left[y_i \log p_i + (1 - y_i)\log(1 - p_i)\right]",
        """\
      1  N
ℒ = − ─  ∑ [yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ)]
      N i=1
""",
    ),
    (
        "chain_rule_2layer",
        r"\frac{\partial L}{\partial W_1} = \frac{\partial L}{\partial \hat{y}} \frac{\partial \hat{y}}{\partial h} \frac{\partial h}{\partial W_1}",
        """\
∂L    ∂L ∂ŷ ∂h
─── = ── ── ───
∂W₁   ∂ŷ ∂h ∂W₁
""",
    ),
    (
        "two_layer_forward",
        r"h = \sigma(W_1 x + b_1), \quad \hat{y} = W_2 h + b_2",
        """\
h = σ(W₁x + b₁),   ŷ = W₂h + b₂
""",
    ),
    (
        "backprop_delta",
        r"\delta^{(l)} = \left(W^{(l+1)}\right)^\top \delta^{(l+1)} \odot \sigma'\left(z^{(l)}\right)",
        """\
δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾ ⊙ σ′(z⁽ˡ⁾)
""",
    ),
    (
        "lstm_forget",
        r"f_t = \sigma(W_f [h_{t-1}, x_t] + b_f)",
        """\
fₜ = σ(W [hₜ₋₁, xₜ] + b )
        f              f
""",
    ),
    (
        "lstm_input",
        r"i_t = \sigma(W_i [h_{t-1}, x_t] + b_i)",
        """\
iₜ = σ(Wᵢ[hₜ₋₁, xₜ] + bᵢ)
""",
    ),
    (
        "lstm_cell",
        r"c_t = f_t \odot c_{t-1} + i_t \odot \tilde{c}_t",
        """\
cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ c̃ₜ
""",
    ),
    (
        "lstm_hidden",
        r"h_t = o_t \odot \tanh(c_t)",
        """\
hₜ = oₜ ⊙ tanh(cₜ)
""",
    ),
    (
        "attention",
        r"\operatorname{Attention}(Q, K, V) = \operatorname{softmax}\left(\frac{Q K^\top}{\sqrt{d_k}}\right) V",
        """\
                            ⎛QKᵀ⎞
Attention(Q, K, V) = softmax⎜───⎟V
                            ⎜ ──⎟
                            ⎝√dₖ⎠
""",
    ),
    (
        "multihead",
        r"\operatorname{MultiHead}(Q, K, V) = \operatorname{Concat}(\text{head}_1, \dots, \text{head}_h) W^O",
        """\
MultiHead(Q, K, V) = Concat(head₁, …, headₕ)Wᴼ
""",
    ),
    (
        "layer_norm",
        r"\operatorname{LN}(x) = \gamma \odot \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}} + \beta",
        """\
             x − μ
LN(x) = γ ⊙ ─────── + β
             ──────
            √σ² + ϵ
""",
    ),
    (
        "layer_norm_stats",
        r"\mu = \frac{1}{d}\sum_{i=1}^{d} x_i, \qquad \sigma^2 = \frac{1}{d}\sum_{i=1}^{d} (x_i - \mu)^2",
        """\
    1  d               1  d
μ = ─  ∑  xᵢ,     σ² = ─  ∑ (xᵢ − μ)²
    d i=1              d i=1
""",
    ),
    (
        "batch_norm",
        r"\hat{x}_i = \frac{x_i - \mu_\mathcal{B}}{\sqrt{\sigma_\mathcal{B}^2 + \epsilon}}, \quad y_i = \gamma \hat{x}_i + \beta",
        """\
     xᵢ − μ
           ℬ
x̂ᵢ = ────────,   yᵢ = γx̂ᵢ + β
      ┌──────
      │ 2
      │σ  + ϵ
     ╲│ ℬ
""",
    ),
    (
        "adam_m",
        r"m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t",
        """\
mₜ = β₁mₜ₋₁ + (1 − β₁)gₜ
""",
    ),
    (
        "adam_v",
        r"v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2",
        """\
vₜ = β₂vₜ₋₁ + (1 − β₂)gₜ²
""",
    ),
    (
        "adam_hat",
        r"\hat{m}_t = \frac{m_t}{1 - \beta_1^t}, \quad \hat{v}_t = \frac{v_t}{1 - \beta_2^t}",
        """\
       mₜ              vₜ
m̂ₜ = ───────,   v̂ₜ = ───────
     1 − β₁ᵗ         1 − β₂ᵗ
""",
    ),
    (
        "adam_update",
        r"\theta_t = \theta_{t-1} - \alpha \frac{\hat{m}_t}{\sqrt{\hat{v}_t} + \epsilon}",
        """\
                m̂ₜ
θₜ = θₜ₋₁ − α ───────
               ──
              √v̂ₜ + ϵ
""",
    ),
    (
        "sgd",
        r"\theta \leftarrow \theta - \eta \nabla_\theta \mathcal{L}(\theta)",
        """\
θ ← θ − η∇ ℒ(θ)
          θ
""",
    ),
    (
        "momentum",
        r"v \leftarrow \mu v - \eta \nabla_\theta L, \quad \theta \leftarrow \theta + v",
        """\
v ← μv − η∇ L,   θ ← θ + v
           θ
""",
    ),
    (
        "bleu",
        r"\text{BLEU} = \text{BP} \cdot \exp\left(\sum_{n=1}^{N} w_n \log p_n\right)",
        """\
               ⎛ N           ⎞
BLEU = BP · exp⎜ ∑  wₙ log pₙ⎟
               ⎝n=1          ⎠
""",
    ),
    (
        "bleu_bp",
        r"\text{BP} = \begin{cases} 1 & \text{if } c > r \\ e^{1 - r/c} & \text{if } c \le r \end{cases}",
        """\
     ⎧ 1       if c > r
BP = ⎨
     ⎪  1−r/c
     ⎩ e       if c ≤ r
""",
    ),
    (
        "ddpm_forward",
        r"q(x_t \mid x_{t-1}) = \mathcal{N}\left(x_t; \sqrt{1 - \beta_t}\, x_{t-1}, \beta_t \mathbf{I}\right)",
        """\
                ⎛     ──────          ⎞
q(xₜ ∣ xₜ₋₁) = 𝒩⎝xₜ; √1 − βₜ xₜ₋₁, βₜ𝐈⎠
""",
    ),
    (
        "ddpm_marginal",
        r"x_t = \sqrt{\bar{\alpha}_t}\, x_0 + \sqrt{1 - \bar{\alpha}_t}\, \epsilon, \quad \epsilon \sim \mathcal{N}(0, \mathbf{I})",
        """\
      ──       ──────
xₜ = √ᾱₜ x₀ + √1 − ᾱₜ ϵ,   ϵ ∼ 𝒩(0, 𝐈)
""",
    ),
    (
        "ddpm_alpha_bar",
        r"\bar{\alpha}_t = \prod_{s=1}^{t} \alpha_s",
        """\
      t
ᾱₜ =  ∏  αₛ
     s=1
""",
    ),
    (
        "ddpm_reverse",
        r"p_\theta(x_{t-1} \mid x_t) = \mathcal{N}\left(x_{t-1}; \mu_\theta(x_t, t), \Sigma_\theta(x_t, t)\right)",
        """\
p (xₜ₋₁ ∣ xₜ) = 𝒩⎛xₜ₋₁; μ (xₜ, t), Σ (xₜ, t)⎞
 θ               ⎝       θ          θ       ⎠
""",
    ),
    (
        "ddpm_mean",
        r"\mu_\theta(x_t, t) = \frac{1}{\sqrt{\alpha_t}}\left(x_t - \frac{\beta_t}{\sqrt{1 - \bar{\alpha}_t}}\epsilon_\theta(x_t, t)\right)",
        """\
             1  ⎛       βₜ             ⎞
μ (xₜ, t) = ─── ⎜xₜ − ─────── ϵ (xₜ, t)⎟
 θ           ── ⎜      ──────  θ       ⎟
            √αₜ ⎝     √1 − ᾱₜ          ⎠
""",
    ),
    (
        "ddpm_loss",
        r"L_{\text{simple}} = \mathbb{E}_{t, x_0, \epsilon}\left[\left\| \epsilon - \epsilon_\theta(x_t, t) \right\|^2\right]",
        """\
Lₛᵢₘₚₗₑ = 𝔼      ⎡‖ϵ − ϵ (xₜ, t)‖²⎤
           t,x₀,ϵ⎣‖     θ       ‖ ⎦
""",
    ),
    (
        "elbo",
        r"\log p_\theta(x) \ge \mathbb{E}_{q_\phi(z \mid x)}\left[\log p_\theta(x \mid z)\right] - D_{\mathrm{KL}}\left(q_\phi(z \mid x) \,\|\, p(z)\right)",
        """\
log p (x) ≥ 𝔼       ⎡log p (x ∣ z)⎤ − D  (qᵩ(z ∣ x) ‖ p(z))
     θ       qᵩ(z∣x)⎣     θ       ⎦    KL
""",
    ),
    (
        "kl",
        r"D_{\mathrm{KL}}(P \,\|\, Q) = \sum_{x} P(x) \log \frac{P(x)}{Q(x)}",
        """\
                        P(x)
D  (P ‖ Q) = ∑ P(x) log ────
 KL          x          Q(x)
""",
    ),
    (
        "kl_gauss",
        r"D_{\mathrm{KL}} = -\frac{1}{2}\sum_{j=1}^{J}\left(1 + \log \sigma_j^2 - \mu_j^2 - \sigma_j^2\right)",
        """\
        1  J
D   = − ─  ∑ (1 + log σⱼ² − μⱼ² − σⱼ²)
 KL     2 j=1
""",
    ),
    (
        "reparam",
        r"z = \mu + \sigma \odot \epsilon, \quad \epsilon \sim \mathcal{N}(0, I)",
        """\
z = μ + σ ⊙ ϵ,   ϵ ∼ 𝒩(0, I)
""",
    ),
    (
        "policy_gradient",
        r"\nabla_\theta J(\theta) = \mathbb{E}_{\tau \sim \pi_\theta}\left[\sum_{t=0}^{T} \nabla_\theta \log \pi_\theta(a_t \mid s_t) \, G_t\right]",
        """\
               ⎡ T                       ⎤
∇ J(θ) = 𝔼     ⎢ ∑  ∇  log π (aₜ ∣ sₜ) Gₜ⎥
 θ        τ∼π_θ⎣t=0  θ      θ            ⎦
""",
    ),
    (
        "return",
        r"G_t = \sum_{k=0}^{\infty} \gamma^k r_{t+k+1}",
        """\
      ∞
Gₜ =  ∑  γᵏrₜ₊ₖ₊₁
     k=0
""",
    ),
    (
        "bellman",
        r"Q(s, a) = r + \gamma \max_{a'} Q(s', a')",
        """\
Q(s, a) = r + γ max Q(s′, a′)
                a′
""",
    ),
    (
        "conv_output",
        r"H_{\text{out}} = \left\lfloor \frac{H_{\text{in}} + 2P - K}{S} \right\rfloor + 1",
        """\
       ⎢Hᵢₙ + 2P − K⎥
Hₒᵤₜ = ⎢────────────⎥ + 1
       ⎣     S      ⎦
""",
    ),
    (
        "conv_sum",
        r"y_{i,j} = \sum_{m=0}^{K-1} \sum_{n=0}^{K-1} w_{m,n}\, x_{i+m, j+n}",
        """\
       K−1 K−1
y    =  ∑   ∑  w    x
 i,j   m=0 n=0  m,n  i+m,j+n
""",
    ),
    (
        "gelu",
        r"\operatorname{GELU}(x) = x \, \Phi(x) \approx 0.5x\left(1 + \tanh\left[\sqrt{2/\pi}\left(x + 0.044715x^3\right)\right]\right)",
        """\
                       ⎛        ⎡ ───                ⎤⎞
GELU(x) = x Φ(x) ≈ 0.5x⎝1 + tanh⎣√2/π(x + 0.044715x³)⎦⎠
""",
    ),
    (
        "relu",
        r"\operatorname{ReLU}(x) = \max(0, x)",
        """\
ReLU(x) = max(0, x)
""",
    ),
    (
        "relu_grad",
        r"\frac{d}{dx}\operatorname{ReLU}(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}",
        """\
d            ⎧ 1  x > 0
── ReLU(x) = ⎨
dx           ⎩ 0  x ≤ 0
""",
    ),
    (
        "sigmoid",
        r"\sigma(x) = \frac{1}{1 + e^{-x}}",
        """\
          1
σ(x) = ───────
       1 + e⁻ˣ
""",
    ),
    (
        "sigmoid_grad",
        r"\sigma'(x) = \sigma(x)\left(1 - \sigma(x)\right)",
        """\
σ′(x) = σ(x)(1 − σ(x))
""",
    ),
    (
        "tanh",
        r"\tanh(x) = \frac{e^x - e^{-x}}{e^x + e^{-x}}",
        """\
          eˣ − e⁻ˣ
tanh(x) = ────────
          eˣ + e⁻ˣ
""",
    ),
    (
        "perplexity",
        r"\text{PPL} = \exp\left(-\frac{1}{N}\sum_{i=1}^{N} \log p(w_i \mid w_{<i})\right)",
        """\
         ⎛  1  N                 ⎞
PPL = exp⎜− ─  ∑  log p(wᵢ ∣ w  )⎟
         ⎝  N i=1             <i ⎠
""",
    ),
    (
        "mse",
        r"\text{MSE} = \frac{1}{n}\sum_{i=1}^{n}(y_i - \hat{y}_i)^2",
        """\
      1  n
MSE = ─  ∑ (yᵢ − ŷᵢ)²
      n i=1
""",
    ),
    (
        "l2_reg",
        r"J(\theta) = L(\theta) + \frac{\lambda}{2}\|\theta\|_2^2",
        """\
              λ
J(θ) = L(θ) + ─ ‖θ‖₂²
              2
""",
    ),
    (
        "linear",
        r"\mathbf{y} = W\mathbf{x} + \mathbf{b}, \quad W \in \mathbb{R}^{m \times n}",
        """\
                   m×n
𝐲 = W𝐱 + 𝐛,   W ∈ ℝ
""",
    ),
    (
        "matrix_2x2",
        r"A = \begin{pmatrix} a & b \\ c & d \end{pmatrix}, \quad \det A = ad - bc",
        """\
A = ⎛a  b⎞,   det A = ad − bc
    ⎝c  d⎠
""",
    ),
    (
        "jacobian",
        r"J = \begin{bmatrix} \frac{\partial f_1}{\partial x_1} & \cdots & \frac{\partial f_1}{\partial x_n} \\ \vdots & \ddots & \vdots \\ \frac{\partial f_m}{\partial x_1} & \cdots & \frac{\partial f_m}{\partial x_n} \end{bmatrix}",
        """\
    ⎡∂f₁     ∂f₁⎤
    ⎢───  ⋯  ───⎥
    ⎢∂x₁     ∂xₙ⎥
    ⎢           ⎥
J = ⎢ ⋮   ⋱   ⋮ ⎥
    ⎢           ⎥
    ⎢∂fₘ     ∂fₘ⎥
    ⎢───  ⋯  ───⎥
    ⎣∂x₁     ∂xₙ⎦
""",
    ),
    (
        "determinant",
        r"\begin{vmatrix} a & b \\ c & d \end{vmatrix} = ad - bc",
        """\
│a  b│ = ad − bc
│c  d│
""",
    ),
    (
        "gradient_descent_aligned",
        r"\begin{aligned} \theta_{t+1} &= \theta_t - \eta g_t \\ g_t &= \nabla_\theta \mathcal{L}(\theta_t) \end{aligned}",
        """\
θₜ₊₁ = θₜ − ηgₜ

  gₜ = ∇ ℒ(θₜ)
        θ
""",
    ),
    (
        "bayes",
        r"p(z \mid x) = \frac{p(x \mid z)\, p(z)}{\int p(x \mid z')\, p(z')\, dz'}",
        """\
               p(x ∣ z) p(z)
p(z ∣ x) = ─────────────────────
           ∫ p(x ∣ z′) p(z′) dz′
""",
    ),
    (
        "integral_limits",
        r"\int_{-\infty}^{\infty} e^{-x^2}\, dx = \sqrt{\pi}",
        """\
∞   −x²       ─
∫  e    dx = √π
−∞
""",
    ),
    (
        "argmax_mle",
        r"\hat{\theta} = \arg\max_\theta \sum_{i=1}^{N} \log p_\theta(x_i)",
        """\
             N
θ̂ = arg max  ∑  log p (xᵢ)
         θ  i=1      θ
""",
    ),
    (
        "expectation",
        r"\mathbb{E}[X] = \sum_x x \, p(x)",
        """\
𝔼[X] = ∑ x p(x)
       x
""",
    ),
    (
        "variance",
        r"\operatorname{Var}(X) = \mathbb{E}\left[(X - \mathbb{E}[X])^2\right]",
        """\
Var(X) = 𝔼[(X − 𝔼[X])²]
""",
    ),
    (
        "gaussian",
        r"\mathcal{N}(x; \mu, \sigma^2) = \frac{1}{\sqrt{2\pi\sigma^2}} \exp\left(-\frac{(x - \mu)^2}{2\sigma^2}\right)",
        """\
                1      ⎛  (x − μ)²⎞
𝒩(x; μ, σ²) = ───── exp⎜− ────────⎟
               ────    ⎝    2σ²   ⎠
              √2πσ²
""",
    ),
    (
        "rnn",
        r"h_t = \tanh(W_{hh} h_{t-1} + W_{xh} x_t + b_h)",
        """\
hₜ = tanh(Wₕₕhₜ₋₁ + Wₓₕxₜ + bₕ)
""",
    ),
    (
        "gru_update",
        r"z_t = \sigma(W_z x_t + U_z h_{t-1} + b_z)",
        """\
zₜ = σ(W xₜ + U hₜ₋₁ + b )
        z      z        z
""",
    ),
    (
        "positional",
        r"PE_{(pos, 2i)} = \sin\left(\frac{pos}{10000^{2i/d}}\right)",
        """\
                ⎛   pos   ⎞
PE         = sin⎜─────────⎟
  (pos,2i)      ⎜     2i/d⎟
                ⎝10000    ⎠
""",
    ),
    (
        "dropout",
        r"\tilde{h} = \frac{m \odot h}{1 - p}, \quad m_i \sim \operatorname{Bernoulli}(1 - p)",
        """\
    m ⊙ h
h̃ = ─────,   mᵢ ∼ Bernoulli(1 − p)
    1 − p
""",
    ),
    (
        "weight_init",
        r"W \sim \mathcal{U}\left(-\sqrt{\frac{6}{n_{\text{in}} + n_{\text{out}}}}, \sqrt{\frac{6}{n_{\text{in}} + n_{\text{out}}}}\right)",
        """\
     ⎛  ┌──────────   ┌──────────⎞
     ⎜  │    6        │    6     ⎟
W ∼ 𝒰⎜− │──────────,  │──────────⎟
     ⎝ ╲│nᵢₙ + nₒᵤₜ  ╲│nᵢₙ + nₒᵤₜ⎠
""",
    ),
    (
        "cosine_sim",
        r"\cos(\mathbf{u}, \mathbf{v}) = \frac{\mathbf{u} \cdot \mathbf{v}}{\|\mathbf{u}\| \, \|\mathbf{v}\|}",
        """\
             𝐮 · 𝐯
cos(𝐮, 𝐯) = ───────
            ‖𝐮‖ ‖𝐯‖
""",
    ),
    (
        "limit_derivative",
        r"f'(x) = \lim_{h \to 0} \frac{f(x + h) - f(x)}{h}",
        """\
            f(x + h) − f(x)
f′(x) = lim ───────────────
        h→0        h
""",
    ),
    (
        "outer_product",
        r"(\mathbf{u} \otimes \mathbf{v})_{ij} = u_i v_j",
        """\
(𝐮 ⊗ 𝐯)ᵢⱼ = uᵢvⱼ
""",
    ),
    (
        "ppo_clip",
        r"L^{\text{CLIP}}(\theta) = \mathbb{E}_t\left[\min\left(r_t(\theta)\hat{A}_t, \operatorname{clip}(r_t(\theta), 1 - \epsilon, 1 + \epsilon)\hat{A}_t\right)\right]",
        """\
 CLIP
L    (θ) = 𝔼ₜ[min(rₜ(θ)Âₜ, clip(rₜ(θ), 1 − ϵ, 1 + ϵ)Âₜ)]
""",
    ),
    (
        "params_conv",
        r"\#\text{params} = (K \times K \times C_{\text{in}} + 1) \times C_{\text{out}}",
        """\
#params = (K × K × Cᵢₙ + 1) × Cₒᵤₜ
""",
    ),
    (
        "overbrace",
        r"\overbrace{x_1 + \cdots + x_n}^{n \text{ terms}} = S",
        """\
  n terms
╭────┴────╮
x₁ + ⋯ + xₙ = S
""",
    ),
    (
        "label_smoothing",
        r"y_k^{\text{LS}} = y_k (1 - \alpha) + \frac{\alpha}{K}",
        """\
 LS               α
y   = yₖ(1 − α) + ─
 k                K
""",
    ),
    (
        "norm_sqrt",
        r"\|x\|_2 = \sqrt{\sum_{i=1}^{n} x_i^2}",
        """\
        ┌───────
        │ n
‖x‖₂ =  │ ∑  xᵢ²
       ╲│i=1
""",
    ),
    (
        "cube_root",
        r"\sqrt[3]{x} \ne \sqrt[n+1]{\frac{a}{b}}",
        """\
         ┌─
 ─       │a
∛x ≠ n+1 │─
        ╲│b
""",
    ),
    (
        "set_builder",
        r"\left\{ x \in \mathbb{R} \;\middle|\; x > 0 \right\}",
        """\
{x ∈ ℝ | x > 0}
""",
    ),
    (
        "proportional",
        r"p(\theta \mid \mathcal{D}) \propto p(\mathcal{D} \mid \theta)\, p(\theta)",
        """\
p(θ ∣ 𝒟) ∝ p(𝒟 ∣ θ) p(θ)
""",
    ),
    (
        "binomial",
        r"\binom{n}{k} = \frac{n!}{k!\,(n-k)!}",
        """\
          n!
⎛n⎞ = ───────────
⎝k⎠   k! (n − k)!
""",
    ),
    (
        "implies",
        r"\forall \epsilon > 0\; \exists \delta > 0 : |x - a| < \delta \implies |f(x) - L| < \epsilon",
        """\
∀ϵ > 0 ∃δ > 0 : |x − a| < δ ⟹ |f(x) − L| < ϵ
""",
    ),
    (
        "plain_matrix",
        r"I_2 = \begin{matrix} 1 & 0 \\ 0 & 1 \end{matrix}",
        """\
I₂ = 1  0
     0  1
""",
    ),
    (
        "align_two_pairs",
        r"\begin{align} a &= b + c & x &= y \\ d &= e & z &= w + 1 \end{align}",
        """\
a = b + c   x = y
d = e       z = w + 1
""",
    ),
    (
        "accents_wide",
        r"\overline{AB} \ne \vec{AB}, \quad \widehat{xy}, \quad \dot{x} = \ddot{y}",
        """\
──   ─→    ^
AB ≠ AB,   xy,   ẋ = ÿ
""",
    ),
    (
        "underbrace_label",
        r"\underbrace{W x}_{\text{logits}} + b",
        """\
 Wx    + b
 ╰┬╯
logits
""",
    ),
    (
        "xrightarrow",
        r"x \xrightarrow{\text{encoder}} z \xrightarrow{\text{decoder}} \hat{x}",
        """\
   encoder     decoder
x ────────→ z ────────→ x̂
""",
    ),
    (
        "angle_tall",
        r"\left\langle \frac{\mathbf{q}}{\|\mathbf{q}\|}, \mathbf{k} \right\rangle",
        """\
╱ 𝐪    ╲
<───, 𝐤>
╲‖𝐪‖   ╱
""",
    ),
    (
        "gather_rows",
        r"a = 1 \\ bb = 22",
        """\
 a = 1
bb = 22
""",
    ),
    (
        "bmatrix_fracs",
        r"\begin{bmatrix} \frac{1}{2} & 0 \\ 0 & \frac{1}{2} \end{bmatrix}",
        """\
⎡1   ⎤
⎢─  0⎥
⎢2   ⎥
⎢    ⎥
⎢   1⎥
⎢0  ─⎥
⎣   2⎦
""",
    ),
    (
        "sum_of_fractions_2d",
        r"\sum_{k=1}^{\infty} \frac{1}{k^2} = \frac{\pi^2}{6}",
        """\
 ∞  1    π²
 ∑  ── = ──
k=1 k²   6
""",
    ),
    (
        "nested_fraction",
        r"\frac{1}{1 + \frac{1}{x}}",
        """\
  1
─────
    1
1 + ─
    x
""",
    ),
    (
        "text_cjk",
        r"\text{交叉熵} = -\sum_i p_i \log q_i",
        """\
交叉熵 = − ∑ pᵢ log qᵢ
           i
""",
    ),
    (
        "boxed",
        r"\boxed{E = mc^2} \Rightarrow \boxed{\frac{a}{b}}",
        """\
              ┌───┐
┌─────────┐   │ a │
│ E = mc² │ ⇒ │ ─ │
└─────────┘   │ b │
              └───┘
""",
    ),
    (
        "quadratic",
        r"x = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}",
        """\
          ────────
    −b ± √b² − 4ac
x = ──────────────
          2a
""",
    ),
    (
        "limit_e",
        r"\lim_{n\to\infty} \left(1 + \frac{1}{n}\right)^n = e",
        """\
    ⎛    1⎞ⁿ
lim ⎜1 + ─⎟  = e
n→∞ ⎝    n⎠
""",
    ),
    (
        "std_root",
        r"\sqrt{\frac{1}{n}\sum_{i=1}^n (x_i - \bar{x})^2}",
        """\
 ┌──────────────
 │1  n
 │─  ∑ (xᵢ − x̄)²
╲│n i=1
""",
    ),
]


@pytest.mark.parametrize(
    ("latex", "expected"),
    [pytest.param(latex, expected, id=name) for name, latex, expected in GOLDEN],
)
def test_display_rendering(latex, expected):
    rendering = render_math(latex)
    assert rendering.text == expected.rstrip("\n")
    assert rendering.warnings == []


def test_there_are_at_least_sixty_golden_equations():
    assert len({name for name, _, _ in GOLDEN}) >= 60
