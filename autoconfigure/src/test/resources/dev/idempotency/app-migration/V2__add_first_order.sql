-- An application's own migration, to show that the starter's migrations leave it alone.
INSERT INTO app_order (id, amount) VALUES (1, 12.50);
