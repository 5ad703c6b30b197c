-- What each repayment or refund took off its loan, by component (servicing/event-allocation.ts), kept
-- with the event so that a loan's events list it. NULL for recoveries, which come after write-off,
-- and for events journaled before this migration: the allocation was not kept then.
ALTER TABLE lending_loan_events
  ADD COLUMN principal_minor int8,
  ADD COLUMN interest_minor int8,
  ADD COLUMN fee_minor int8,
  ADD COLUMN penalty_minor int8;
