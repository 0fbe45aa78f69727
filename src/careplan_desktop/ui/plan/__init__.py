"""Document: the key-elements check (quality_panel), agreeing a plan version (agree_dialog), its
history (versions_dialog), the patient-held yellow-folder printout (printout_dialog), and one
person's plan in its own window (plan_screen, opened through windows.PlanWindows).

Import the module you need: this package imports nothing itself, so the register (which only
needs `windows`) does not load reportlab at start-up."""
