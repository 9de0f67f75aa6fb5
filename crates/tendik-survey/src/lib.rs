//! Survey designs, estimators and the variance engine.
