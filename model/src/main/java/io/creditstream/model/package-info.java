/**
 * The exported model: a pure-Java evaluator and exact TreeSHAP for XGBoost {@code binary:logistic}
 * gbtree models ({@link io.creditstream.model.TreeEnsemble}; two exact explainers named by stable
 * ids, {@link io.creditstream.model.Explainer}), the model card ({@link
 * io.creditstream.model.ModelCard}), an immutable loaded release ({@link
 * io.creditstream.model.ScoringModel}) and the reference statistics used for drift ({@link
 * io.creditstream.model.ReferenceStats}, {@link io.creditstream.model.LiveHistogram}).
 */
package io.creditstream.model;
