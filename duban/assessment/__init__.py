"""绩效考核: the assessment office's scheme, the scores it computes from the data, the snapshot it finalises."""
