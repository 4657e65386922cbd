"""Rendering that both Rich (the plain terminal) and Textual (the app) draw: math, prose,
plots, heatmaps and shape traces. Nothing here imports Textual or torch."""

from tutor.render.cjk import enable_cjk_wrapping

enable_cjk_wrapping()
