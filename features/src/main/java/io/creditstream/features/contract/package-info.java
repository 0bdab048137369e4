/**
 * The application contract: what makes a loan application acceptable ({@link ApplicationContract},
 * the same verdict at every door: the portal's API, the scorer, the trainer and replay) and the
 * policy that keeps the model from scoring what it never learnt ({@link OperatingPolicy}).
 */
package io.creditstream.features.contract;
