from careplan_desktop.app import main

raise SystemExit(main())
