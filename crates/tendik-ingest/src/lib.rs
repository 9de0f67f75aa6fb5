//! Readers for survey files into Arrow record batches and a codebook.
