/**
 * What BGAD's training and serving must compute identically: the positional condition of the flows
 * ({@link dev.inspection.core.bgad.PositionalEncoding}) and the anomaly map from per-level
 * log-likelihoods with frozen constants ({@link dev.inspection.core.bgad.AnomalyMapper}).
 */
package dev.inspection.core.bgad;
