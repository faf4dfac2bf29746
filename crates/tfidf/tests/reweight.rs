//! A raw-count model reweighted into TF-IDF gives exactly the rows of a
//! TF-IDF fit: callers that need counts and weights tokenize once.

use tidings_tfidf::{IdfWeighting, Norm, Preset, TfWeighting, VectorizerParams};

#[test]
fn reweighted_counts_equal_a_tfidf_fit() -> Result<(), Box<dyn std::error::Error>> {
    let texts = [
        "Maritime security in the Indo-Pacific; maritime patrols and security talks.",
        "Counter-terrorism cooperation: terrorism, terrorist financing and security.",
        "Defence industry cooperation, defence industrial roadmap, defence exports.",
        "Maritime domain awareness and defence cooperation in the Indo-Pacific.",
    ];
    let params = VectorizerParams::preset(Preset::Default).min_df(tidings_tfidf::DocFreq::Count(1));
    let (model, direct) = params.clone().check()?.fit_transform(&texts)?;
    let (count_model, counts) = params
        .clone()
        .tf(TfWeighting::Raw)
        .idf(IdfWeighting::None)
        .norm(Norm::None)
        .check()?
        .fit_transform(&texts)?;
    let p = params.check()?;
    let (tf, idf, norm) = (p.params().tf, p.params().idf, p.params().norm);
    let reweighted = count_model.reweighted(tf, idf, norm);
    assert_eq!(
        reweighted.features().collect::<Vec<_>>(),
        model.features().collect::<Vec<_>>()
    );
    assert_eq!(reweighted.idf(), model.idf());
    let weighed = reweighted.weigh_counts(&counts)?;
    assert_eq!(weighed, direct, "bit-identical rows");
    assert_eq!(reweighted.transform(&texts)?, direct);
    // A matrix over other columns is refused.
    let narrow = sprs::CsMat::<f64>::zero((1, 3));
    assert!(reweighted.weigh_counts(&narrow).is_err());
    Ok(())
}
