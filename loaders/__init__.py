"""Reading articles and extracting actors and relations from them."""
