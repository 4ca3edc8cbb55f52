"""Household star ratings (星级创建): village evaluation meetings rate households each quarter."""
