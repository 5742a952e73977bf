"""The local console shell: the bot without a chat platform, for newcomers and demos."""
