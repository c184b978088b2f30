"""What both halves share: meetings, a vote of any kind, its options, cards, the ballot box,
phases, the count and its published result, and the hall's pages."""
