"""What the tests share: page objects, people who drive the apps, live servers, constants."""
