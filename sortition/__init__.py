"""An assembly chosen by lot: doors drawn, volunteers, quotas, the panel drawn in public."""
