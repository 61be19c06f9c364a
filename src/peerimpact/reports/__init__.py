"""Views of results: terminal (rich), CSV/JSON, Excel (openpyxl). Reports never compute statistics."""
