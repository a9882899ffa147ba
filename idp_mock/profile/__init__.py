"""The person's own profile at the simulator, as on Gosuslugi: personal data checked with СФР
and МВД, contacts confirmed by codes, security (password, authenticator app, sessions) and the
account level, from registration of a simplified account to a confirmed one."""
