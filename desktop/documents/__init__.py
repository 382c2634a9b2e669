"""Legal documents: forms/ templates to PDF, seal placement, PAdES signing, verification."""
