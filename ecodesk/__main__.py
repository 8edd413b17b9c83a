from ecodesk.cli import main

raise SystemExit(main())
