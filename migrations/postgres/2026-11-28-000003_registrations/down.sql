DROP TABLE match_queue;
DROP TABLE name_edits;
DROP TABLE sought_persons;
DROP TABLE registrations;
