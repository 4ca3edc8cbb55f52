"""Online inquiries (网络问政, “马上就办”): residents ask, departments answer in public."""
