/**
 * The exported model: a pure-Java evaluator and exact TreeSHAP for XGBoost {@code binary:logistic}
 * gbtree models ({@link io.creditstream.model.TreeEnsemble}; two exact explainers named by stable
 * ids, {@link io.creditstream.model.Explainer}), the model card ({@link
 * io.creditstream.model.ModelCard}), an immutable loaded release ({@link
 * io.creditstream.model.ScoringModel}) and the reference statistics used for drift ({@link
 * io.creditstream.model.ReferenceStats}).
 *
 * <p>{@code TreeEnsemble} is a facade over package-private parts, one job each: {@code ModelReader}
 * (both formats into one typed {@code XgboostModel}), {@code Forest} (the trees and the margin),
 * {@code QuadratureExplainer} and {@code TableExplainer} (one class per explainer), and {@code
 * ShapTables} with the steps that build it (see model/README.md, "The classes").
 */
package io.creditstream.model;
