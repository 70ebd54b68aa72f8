# Covenants, signing ceremonies and sealed PDFs arrive with the signing issue.
