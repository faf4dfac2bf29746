"""TfidfVectorizer: equality with scikit-learn, pickling, threads, errors."""

import pickle
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer as SkTfidf

import tidings

VARIANTS = [
    {},
    {"ngram_range": (1, 2), "min_df": 2, "sublinear_tf": True},
    {"ngram_range": (1, 2)},
    {"min_df": 2},
    {"sublinear_tf": True},
    {"max_df": 0.5, "norm": "l1", "smooth_idf": False},
    {"binary": True, "use_idf": False, "norm": None},
]
# max_features has its own tests below: which of several terms tied in
# frequency at the cut scikit-learn keeps is not defined.


def assert_same(ours, theirs, ours_vocab, theirs_vocab):
    assert list(ours_vocab) == list(theirs_vocab)
    assert isinstance(ours, sp.csr_matrix)
    assert ours.dtype == np.float64
    assert ours.shape == theirs.shape
    diff = abs(ours - theirs)
    assert (diff.max() if diff.nnz else 0.0) <= 1e-12


@pytest.mark.parametrize("params", VARIANTS, ids=lambda p: ",".join(f"{k}={v}" for k, v in p.items()) or "defaults")
@pytest.mark.parametrize("corpus", ["seed_news", "un_sample"])
def test_sklearn_preset_equals_scikit_learn(corpus, params, request):
    texts = request.getfixturevalue(corpus)
    theirs_v = SkTfidf(**params)
    theirs = theirs_v.fit_transform(texts)
    ours_v = tidings.TfidfVectorizer(preset="sklearn", **params)
    ours = ours_v.fit_transform(texts)
    assert_same(ours, theirs, ours_v.get_feature_names_out(), theirs_v.get_feature_names_out())
    # fit then transform gives the same matrix as fit_transform.
    again = tidings.TfidfVectorizer(preset="sklearn", **params).fit(texts).transform(texts)
    assert (again != ours).nnz == 0
    # And transform of new text equals scikit-learn's.
    new = ["A new text about peace, security and the United Nations.", ""]
    assert_same(ours_v.transform(new), theirs_v.transform(new), ours_v.get_feature_names_out(), theirs_v.get_feature_names_out())
    if params.get("use_idf", True):
        assert np.allclose(ours_v.idf_, theirs_v.idf_, rtol=0, atol=1e-12)
    assert ours_v.vocabulary_ == theirs_v.vocabulary_


def test_generator_input(seed_news):
    v = tidings.TfidfVectorizer(preset="sklearn")
    a = v.fit_transform(t for t in seed_news)
    b = tidings.TfidfVectorizer(preset="sklearn").fit_transform(seed_news)
    assert (a != b).nnz == 0


def test_default_preset_stems_and_keeps_surface_forms(un_sample):
    v = tidings.TfidfVectorizer()
    X = v.fit_transform(un_sample)
    names = list(v.get_feature_names_out())
    assert X.shape == (232, len(names))
    assert "the" not in names  # stop word
    assert "nation" in names and "unit nation" in names  # stems and bigrams
    forms = dict(zip(names, v.surface_forms()))
    assert forms["unit nation"] == "United Nations"
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1))).ravel()
    assert np.allclose(norms[norms > 0], 1.0)


def test_pickle_round_trip_gives_identical_rows(un_sample):
    v = tidings.TfidfVectorizer(preset="sklearn", ngram_range=(1, 2), min_df=2)
    X = v.fit_transform(un_sample)
    back = pickle.loads(pickle.dumps(v))
    assert back.get_params() == v.get_params()
    assert list(back.get_feature_names_out()) == list(v.get_feature_names_out())
    Y = back.transform(un_sample)
    assert (X != Y).nnz == 0
    assert np.array_equal(X.data, Y.data) and np.array_equal(X.indices, Y.indices)
    # The JSON form loads too.
    again = tidings.TfidfVectorizer.from_json(v.to_json())
    assert (again.transform(un_sample[:5]) != X[:5]).nnz == 0


def test_unfitted_pickles():
    v = pickle.loads(pickle.dumps(tidings.TfidfVectorizer(preset="sklearn", min_df=3)))
    assert v.min_df == 3
    with pytest.raises(ValueError, match="not fitted"):
        v.transform(["a text"])


def test_thread_pool_transform(un_sample):
    v = tidings.TfidfVectorizer().fit(un_sample)
    expected = v.transform(un_sample)
    chunks = [un_sample[i::8] for i in range(8)]
    serial = [v.transform(c) for c in chunks]
    with ThreadPoolExecutor(max_workers=8) as pool:
        parallel = list(pool.map(v.transform, chunks * 3))
    for i, m in enumerate(parallel):
        assert (m != serial[i % 8]).nnz == 0
    assert (sp.vstack(serial).tocsr().shape == expected.shape)


def test_bad_parameters_raise_value_error(seed_news):
    with pytest.raises(ValueError, match="min_df = 0.9 > max_df = 0.5"):
        tidings.TfidfVectorizer(preset="sklearn", min_df=0.9, max_df=0.5).fit(seed_news)
    with pytest.raises(ValueError, match="preset"):
        tidings.TfidfVectorizer(preset="bogus").fit(seed_news)
    with pytest.raises(ValueError, match="norm"):
        tidings.TfidfVectorizer(norm="l3").fit(seed_news)
    with pytest.raises(ValueError):
        tidings.TfidfVectorizer(ngram_range=(2, 1)).fit(seed_news)
    with pytest.raises(ValueError, match="fraction"):
        tidings.TfidfVectorizer(min_df=1.5).fit(seed_news)
    with pytest.raises(ValueError, match="min_df must be an int"):
        tidings.TfidfVectorizer(min_df="2").fit(seed_news)
    with pytest.raises(ValueError, match="language"):
        tidings.TfidfVectorizer(language="klingon").fit(seed_news)


def test_bad_input_raises(seed_news):
    with pytest.raises(ValueError, match="iterable of texts"):
        tidings.TfidfVectorizer().fit("one string")
    with pytest.raises(TypeError, match="text 2 is a int"):
        tidings.TfidfVectorizer(preset="sklearn").fit(["a b", "c d", 3])
    with pytest.raises(ValueError, match="empty vocabulary"):
        tidings.TfidfVectorizer(preset="sklearn").fit(["", "!"])
    # An exception raised by a generator surfaces as itself.
    def broken():
        yield "some text here"
        raise KeyError("source broke")
    with pytest.raises(KeyError, match="source broke"):
        tidings.TfidfVectorizer(preset="sklearn").fit(broken())
    with pytest.raises(ValueError, match="not a valid tidings-tfidf model|format"):
        tidings.TfidfVectorizer.from_json('{"format": "something else"}')


def test_the_gil_is_released_while_fitting(un_sample):
    """Another Python thread runs while the Rust code fits."""
    import threading
    import time

    ticks = 0
    done = threading.Event()

    def fit():
        for _ in range(3):
            tidings.TfidfVectorizer().fit(un_sample)
        done.set()

    worker = threading.Thread(target=fit)
    start = time.perf_counter()
    worker.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    worker.join()
    elapsed = time.perf_counter() - start
    # Released, this thread ticks about once per millisecond (less on a
    # loaded machine); a GIL held through the Rust call would leave it a
    # handful of ticks, between calls.
    assert ticks > 0.05 * elapsed * 1000, (ticks, elapsed)


# ---------------------------------------------------------- max_features


def ranked_frequencies(texts, binary=False):
    """scikit-learn's terms (sorted) and the frequency max_features ranks
    them by: total count, or document frequency with binary=True."""
    from sklearn.feature_extraction.text import CountVectorizer

    cv = CountVectorizer(binary=binary)
    counts = cv.fit_transform(texts)
    freq = np.asarray(counts.sum(axis=0)).ravel()
    return list(cv.get_feature_names_out()), freq


def cuts(freq, tied):
    """Values of N (at most 5 of them) where the N-th and (N+1)-th largest
    frequencies are equal (tied) or differ (not tied)."""
    ranked = np.sort(freq)[::-1]
    out = [n for n in range(1, len(ranked)) if (ranked[n - 1] == ranked[n]) == tied]
    # Spread over the range: the top, the middle and the long tail.
    picks = sorted({out[int(i * (len(out) - 1) / 4)] for i in range(5)}) if out else []
    return picks


@pytest.mark.parametrize("binary", [False, True])
@pytest.mark.parametrize("corpus", ["seed_news", "un_sample"])
def test_max_features_equals_scikit_learn_without_ties_at_the_cut(corpus, binary, request):
    texts = request.getfixturevalue(corpus)
    _, freq = ranked_frequencies(texts, binary)
    picks = cuts(freq, tied=False)
    assert picks
    for n in picks:
        theirs_v = SkTfidf(max_features=n, binary=binary)
        theirs = theirs_v.fit_transform(texts)
        ours_v = tidings.TfidfVectorizer(preset="sklearn", max_features=n, binary=binary)
        ours = ours_v.fit_transform(texts)
        assert_same(ours, theirs, ours_v.get_feature_names_out(), theirs_v.get_feature_names_out())


@pytest.mark.parametrize("corpus", ["seed_news", "un_sample"])
def test_max_features_keeps_the_earlier_terms_among_ties_at_the_cut(corpus, request):
    texts = request.getfixturevalue(corpus)
    terms, freq = ranked_frequencies(texts)
    picks = cuts(freq, tied=True)
    assert picks
    for n in picks:
        cut = np.sort(freq)[::-1][n - 1]
        above = {t for t, f in zip(terms, freq) if f > cut}
        tied = [t for t, f in zip(terms, freq) if f == cut]  # in term order
        # The documented rule: every term above the cut, then the tied
        # terms in sorted term order.
        expected = above | set(tied[: n - len(above)])
        ours_v = tidings.TfidfVectorizer(preset="sklearn", max_features=n)
        ours_v.fit(texts)
        ours = set(ours_v.get_feature_names_out())
        assert ours == expected
        # scikit-learn keeps the same terms outside the tie, and as many
        # of the tied ones (which ones, its unstable argsort decides).
        theirs_v = SkTfidf(max_features=n).fit(texts)
        theirs = set(theirs_v.get_feature_names_out())
        assert len(theirs) == len(ours) == n
        assert ours - set(tied) == theirs - set(tied) == above
        assert theirs - above <= set(tied)


@pytest.mark.parametrize("preset", ["sklearn", "default"])
def test_fit_transform_rows_are_bit_identical_to_transform(un_sample, preset):
    # fit_transform writes int32 column indices directly; transform goes
    # through the library's usize matrix: the same bits either way.
    v = tidings.TfidfVectorizer(preset=preset)
    a = v.fit_transform(un_sample)
    b = v.transform(un_sample)
    assert a.indices.dtype == np.int32 and a.indptr.dtype == np.int32
    assert np.array_equal(a.indptr, b.indptr)
    assert np.array_equal(a.indices, b.indices)
    assert np.array_equal(a.data.view(np.uint64), b.data.view(np.uint64))
