"""One-network government services (一网通办): the catalog of service items, applications and
their parts at the departments, bundles (一件事一次办), working-day deadlines and appointments."""
