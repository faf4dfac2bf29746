# %% [markdown]
# # tidings from Python: a tour
#
# A notebook in percent format (open it in Jupyter with jupytext, in VS Code,
# or run it as a script from the repository root:
# `python python/examples/notebook.py`). It uses the corpora shipped in
# `corpus/`: five news articles and 232 UN General Debate speeches.

# %%
import os

import tidings

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
UN = os.path.join(ROOT, "corpus", "ungdc-sample")

# %% [markdown]
# ## Tokenizing
# The default preset stems and drops stop words; `preset="sklearn"` is
# scikit-learn's analyzer, token for token.

# %%
print(tidings.tokenize("France backs a free and open Indo-Pacific."))
print(tidings.tokenize("France backs a free and open Indo-Pacific.", preset="sklearn"))

# %% [markdown]
# ## Reading a corpus into pandas
# Dates come from the file names (`USA_56_2001.txt`); the reader's warnings
# are kept per document.

# %%
docs = tidings.read_corpus(UN)
print(docs[["id", "date"]].head())
print(len(docs), "speeches from", docs["date"].min(), "to", docs["date"].max())

# %% [markdown]
# ## TF-IDF, as scikit-learn computes it
# `TfidfVectorizer(preset="sklearn")` gives scikit-learn's vocabulary and
# matrix (within 1e-12), much faster; the default preset is tidings' own
# (stems, stop words, uni- and bigrams).

# %%
vectorizer = tidings.TfidfVectorizer(preset="sklearn", min_df=2, max_df=0.95)
X = vectorizer.fit_transform(docs["text"])
print(X.shape, X.nnz, "non-zeros")
print(vectorizer.get_feature_names_out()[:10])

# %% [markdown]
# ## Themes
# On texts, `Themes` runs the report's pipeline (paragraph passages, TF-IDF,
# NMF, readable labels). `themes_` is a DataFrame.

# %%
themes = tidings.Themes(n_themes=8, seed=0).fit(docs)
print(themes.themes_[["id", "label", "share", "coherence"]])
weights = themes.transform(docs["text"].head(3))
print(weights.round(2))

# %% [markdown]
# ## A report over time
# Shares per period with bootstrap intervals, trends and bursts. In a
# notebook, the last line shows the HTML report inline.

# %%
report = tidings.report(docs[["id", "date", "text"]], by="year", n_themes=8)
print(report.themes[["label", "share", "trend", "peak_period"]])
shares = report.timeline.pivot(index="period", columns="label", values="share")
print(shares.round(3).tail())
report  # noqa: B018  (a notebook displays it)
