//! Runnable examples for tidings live in this folder.
