"""geoanalysis: entities, relationship networks and narrative comparison for news articles.

Every public function is re-exported here (``geoanalysis.extract_mentions``,
``geoanalysis.cooccurrence``, ``geoanalysis.compare`` ...).  Several stages
are modules named like their main function (``geoanalysis.cooccurrence`` the
module defines ``cooccurrence`` the function); the package attribute is
always the function, and the module stays importable as
``from geoanalysis.cooccurrence import ...``.
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

# public name -> submodule that defines it.  Add one line per public function.
_EXPORTS: dict[str, str] = {
    # config
    "PROJ_ROOT": "config",
    "RAW_DATA_DIR": "config",
    "run_corpus": "runner",
    "RunOptions": "runner",
    "CorpusResult": "runner",
    "analyze_article": "runner",
    "analyze_articles": "runner",
    "write_outputs": "runner",
    "read_table": "runner",
    "run_notebooks": "nbrun",
    "render_report": "report",
    "write_report": "report",
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
    "near_duplicates": "duplicates",
    "minhash_signature": "duplicates",
    # narrative comparison
    "compare": "compare",
    "Comparison": "compare",
    "salience": "salience",
    "entity_salience": "salience",
    "keyness": "keyness",
    "term_counts": "keyness",
    "contrast_counts": "keyness",
    "tone": "tone",
    "sentence_tone": "tone",
    "entity_tone": "tone",
    "frames": "frames",
    "frame_evidence": "frames",
    "stance": "stance",
    "stance_evidence": "stance",
    "quotes": "quotes",
    "align_claims": "alignment",
    "unique_claims": "alignment",
    "timeline": "timeline",
    "plot_keyness": "plots.compare",
    "plot_tone": "plots.compare",
    "plot_frames": "plots.compare",
    "plot_stance": "plots.compare",
    "plot_salience": "plots.compare",
    # relationship networks
    "cooccurrence": "cooccurrence",
    "cooccurrence_counts": "cooccurrence",
    "pool_counts": "cooccurrence",
    "association_measures": "cooccurrence",
    "edge_evidence": "cooccurrence",
    "evidence_text": "cooccurrence",
    "relations_lexicon": "relations",
    "classify_relations": "relations",
    "relation_edges": "relations",
    "with_relations": "relations",
    "build_network": "network",
    "network_metrics": "network",
    "compare_networks": "network",
    "ego_network": "network",
    "network_tables": "export",
    "export_network": "export",
    "write_graphml": "export",
    "write_gexf": "export",
    "write_node_link": "export",
    "write_network_files": "export",
    "write_network_csv": "export",
    "network_html": "export",
    "write_network_html": "export",
    "plot_network": "plots.network",
    "plot_cooccurrence_heatmap": "plots.network",
    "plot_centrality": "plots.network",
    "load_kb": "kb",
    "KnowledgeBase": "kb",
    "extract_mentions": "entities",
    "merge_variants": "entities",
    "entity_frequency": "entities",
    "to_country_level": "entities",
    "kwic": "entities",
    "plot_entity_frequency": "plots.entities",
    "plot_entity_comparison": "plots.entities",
}

__all__ = sorted(_EXPORTS) + ["__version__"]

# Two passes: import every analysis module first (importing a submodule binds it
# to the package attribute of the same name), then bind the public names, so
# that a function always wins over its same-named module.  The plot helpers
# (matplotlib and seaborn, about a second to import) load on first use
# (PEP 562): an analysis run, and each of its worker processes, never pays for them.
_LAZY = {name: m for name, m in _EXPORTS.items() if m.startswith("plots.")}
_MODULES = {m: importlib.import_module(f"{__name__}.{m}") for m in dict.fromkeys(_EXPORTS.values()) if m not in
            _LAZY.values()}
globals().update({name: getattr(_MODULES[m], name) for name, m in _EXPORTS.items() if name not in _LAZY})
del _MODULES


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
