# Helpers shared by the golden-value scripts in this folder: write R results as a Python module.
# Numbers are written with 17 significant digits (%.17g), so every double round-trips exactly.

py_scalar <- function(x) {
  if (is.na(x)) return("None")
  if (is.logical(x)) return(if (x) "True" else "False")
  if (is.character(x)) return(sprintf("\"%s\"", gsub("\"", "\\\\\"", x)))
  if (is.infinite(x)) return(if (x > 0) "float(\"inf\")" else "float(\"-inf\")")
  sprintf("%.17g", as.numeric(x))
}

py_value <- function(x, indent = "        ") {
  if (is.list(x)) {
    keys <- names(x)
    items <- vapply(seq_along(x), function(i) {
      sprintf("%s    \"%s\": %s,", indent, keys[i], py_value(x[[i]], paste0(indent, "    ")))
    }, "")
    return(paste0("{\n", paste(items, collapse = "\n"), "\n", indent, "}"))
  }
  x <- unname(x)
  if (length(x) == 1) return(py_scalar(x))
  parts <- vapply(x, py_scalar, "")
  rows <- split(parts, ceiling(seq_along(parts) / 5))
  body <- vapply(rows, function(r) paste0(indent, "    ", paste(r, collapse = ", "), ","), "")
  paste0("(\n", paste(body, collapse = "\n"), "\n", indent, ")")
}

# One dict entry with the R call(s) that produced it written above it as comments.
py_entry <- function(key, calls, value) {
  comments <- paste0("    # ", calls, collapse = "\n")
  sprintf("%s\n    \"%s\": %s,", comments, key, py_value(value))
}

versions_header <- function(pkgs) {
  v <- vapply(pkgs, function(p) paste(p, as.character(utils::packageVersion(p))), "")
  c(paste0("# ", R.version.string), paste0("# ", paste(v, collapse = ", ")))
}

script_dir <- function() {
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  dirname(normalizePath(f))
}
