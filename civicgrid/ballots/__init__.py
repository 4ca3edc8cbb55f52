"""Livelihood-project ballots (民生实事项目人大代表票决制): deputies choose the year's projects."""
