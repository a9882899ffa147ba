"""What the tests and the bench share; test modules import from here, never from each other.

- `pages`: pages read as a person reads them (BeautifulSoup): title, errors, forms, testids.
- `drivers`: a Gosuslugi user on the simulator, a doctor and a reviewer in the cabinet.
- `login_ways`, `in_browser`, `site`: the simulator's other logins, people in Chromium, and
  a visitor on a slow line for the budgets.
- `cabinet`: what a doctor does in the cabinet (uploads, records, the wizard) and its data.
- `wizard_in_browser`: the application wizard driven in Chromium, step 4's uploads and progress.
- `servers`, `browsers`, `databases`: live apps on loopback, Chromium, scratch databases.
- `rp`, `gost_rp`, `jwts`, `signing`, `esia_connector`: relying parties and their signatures.
- `constants`: the demo personas' phones and password, and values several areas use.
"""
