"""The proof: question models, safe Markdown, what a question must fit, the proofs of keys from content/,
the checks, the templates, the Bank and its loader. It reads ``course.content`` and nothing above itself."""
