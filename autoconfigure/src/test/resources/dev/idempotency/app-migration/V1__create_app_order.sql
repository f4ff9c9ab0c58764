-- An application's own migration, to show that the starter's migrations leave it alone.
CREATE TABLE app_order (id INT PRIMARY KEY, amount DECIMAL(10, 2) NOT NULL);
