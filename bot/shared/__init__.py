"""What several workers of one bot share fast, through Redis when REDIS_URL is set."""
