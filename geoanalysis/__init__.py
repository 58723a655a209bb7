"""geoanalysis: entities, relationship networks and narrative comparison for news articles.

The public API is re-exported here lazily (PEP 562), so ``import geoanalysis``
is fast and each stage is imported only when first used.
"""
from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> submodule that defines it.  Add one line per public function.
_EXPORTS: dict[str, str] = {
    # config
    "PROJ_ROOT": "config",
    "RAW_DATA_DIR": "config",
    "REPORTS_DIR": "config",
    # parsing / tokenization (text layer)
    "Article": "model",
    "Corpus": "model",
    "Sentence": "model",
    "Paragraph": "model",
    "Token": "model",
    "Link": "model",
    "ErrorRecord": "model",
    "ParseError": "parsing",
    "parse_article": "parsing",
    "parse_file": "parsing",
    "load_corpus": "parsing",
    "iter_corpus": "parsing",
    "find_files": "parsing",
    "split_sentences": "tokenization",
    "word_tokens": "tokenization",
    "normalize": "tokenization",
    "sentence_table": "tokenization",
    "token_table": "tokenization",
    "stopwords": "resources",
    "find_dates": "dates",
    "parse_date": "dates",
    "plot_sentence_lengths": "plots.sources",
    "make_article": "parsing",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'geoanalysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
